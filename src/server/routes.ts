import { auditRoutes } from './audit/audit.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import type { RouteDef } from './http/route.js';
import { systemRoutes } from './http/system.routes.js';
import { orgRoutes } from './org/org.routes.js';
import { schoolRoutes } from './schools/schools.routes.js';
import { userRoutes } from './users/users.routes.js';

/** Every API route, registered explicitly in one place (no autoloading). */
export function allRoutes(): RouteDef[] {
  const features = [...authRoutes, ...orgRoutes, ...schoolRoutes, ...userRoutes, ...auditRoutes];
  const all: RouteDef[] = [...systemRoutes(() => all), ...features];
  return all;
}
