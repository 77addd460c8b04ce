import { initAll } from '/govuk/govuk-frontend.min.js';

initAll();

// Prevent double submission: a form cannot be sent twice while the first request is on its way.
for (const form of document.querySelectorAll('form[method="post"]')) {
  form.addEventListener('submit', (event) => {
    if (form.dataset.submitted === 'true') {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = 'true';
  });
}
