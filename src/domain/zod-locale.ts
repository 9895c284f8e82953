import { z } from 'zod';

/** zod's built-in messages in Chinese, for every schema that does not give its own. */
z.config(z.locales.zhCN());

export { z };
