import { routePath } from '../../web/route-path.ts';

export const peoplePaths = {
  signIn: routePath('/sign-in'),
  signOut: routePath('/sign-out'),
  forgotPassword: routePath('/forgot-password'),
  setPassword: routePath('/set-password/:token'),
  admin: {
    users: routePath('/admin/users'),
    user: routePath('/admin/users/:id'),
    deactivate: routePath('/admin/users/:id/deactivate'),
    tokens: routePath('/admin/api-tokens'),
    token: routePath('/admin/api-tokens/:id/revoke'),
  },
};
