import { z } from 'zod';
import { loginPolicy } from '../../domain/password-policy.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../http/register.js';
import { defineRoute } from '../http/route.js';
import { authenticate, changePassword, getCurrentUser, logout } from './auth.service.js';
import { login } from './login.service.js';

/** Marks a browser that signed in successfully: its own failure counter (login.service.ts). */
const DEVICE_COOKIE = 'hx_device';

const loginBody = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64, '用户名过长'),
  password: z.string().min(1, '请输入密码').max(256, '密码过长'),
});

export const authRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/auth/login',
    operationId: 'login',
    tag: '登录与账号',
    summary: '登录：校验用户名和密码，设置会话 Cookie',
    access: 'public',
    body: loginBody,
    handler: async ({ body, app, req, reply }) => {
      const deviceToken = req.cookies[DEVICE_COOKIE];
      const r = await login(app, { ...body, ip: req.ip, userAgent: req.headers['user-agent'] ?? '', deviceToken });
      const common = { path: '/', sameSite: 'strict' as const, secure: app.config.cookieSecure, expires: r.expiresAt };
      reply.setCookie(DEVICE_COOKIE, r.deviceToken, {
        path: '/api/auth',
        sameSite: 'strict',
        secure: app.config.cookieSecure,
        httpOnly: true,
        maxAge: loginPolicy.deviceDays * 86_400,
      });
      reply.setCookie(SESSION_COOKIE, r.token, { ...common, httpOnly: true });
      reply.setCookie(CSRF_COOKIE, r.csrfToken, { ...common, httpOnly: false });
      const actor = await authenticate(app, r.token, req.ip);
      return { user: actor ? await getCurrentUser(app, actor) : null, csrfToken: r.csrfToken };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/logout',
    operationId: 'logout',
    tag: '登录与账号',
    summary: '退出登录',
    access: 'user',
    handler: async ({ actor, app, reply }) => {
      await logout(app, actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
      return undefined;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/auth/me',
    operationId: 'getCurrentUser',
    tag: '登录与账号',
    summary: '当前登录用户、角色与权限范围',
    access: 'user',
    handler: ({ actor, app }) => getCurrentUser(app, actor),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/password',
    operationId: 'changePassword',
    tag: '登录与账号',
    summary: '修改本人密码（其他会话随之失效）',
    access: 'user',
    body: z.object({ currentPassword: z.string().min(1, '请输入当前密码').max(256), newPassword: z.string().max(256, '密码过长') }),
    handler: async ({ actor, app, body, req }) => {
      await changePassword(app, actor, { ...body, deviceToken: req.cookies[DEVICE_COOKIE] });
      return undefined;
    },
  }),
];
