// Types of scripts/build-server.mjs for the TypeScript that imports it (bench/start.ts).
export declare const serverBundle: string;
export declare function serverBundleState(): 'fresh' | 'missing' | 'stale';
export declare function buildServerBundle(): Promise<void>;
export declare function serverBundleUrl(): string;
