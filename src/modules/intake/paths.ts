import { routePath } from '../../web/route-path.ts';

export const intakePaths = {
  complain: {
    start: routePath('/complain'),
    step: routePath('/complain/:step'),
    check: routePath('/complain/check-your-answers'),
    confirmation: routePath('/complain/confirmation'),
  },
  complaints: {
    new: routePath('/complaints/new'),
  },
};
