// Signed out here: on to the provider's own logout. A script navigates, not the logout form's
// redirect, because the pages' CSP lets forms go to this site only (form-action 'self').
const link = document.getElementById('provider-logout');
if (link) location.replace(link.href);
