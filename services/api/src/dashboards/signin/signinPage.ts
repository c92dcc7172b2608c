import { html, type Html } from '../html/html';
import { layout } from '../html/layout';
import type { Flash } from '../session/flash';

/** The sign-in form: one field for the token that DEALERFLOW_TOKENS lists. */
export function signinPage(input: { next?: string | undefined; error?: string; flash?: Flash | undefined }): Html {
  const error = input.error === undefined ? '' : html`<p class="form-error" id="signin-error" role="alert">${input.error}</p>`;
  return layout({
    title: 'Sign in',
    flash: input.flash,
    main: html`<section class="panel signin">
        <h1>Sign in</h1>
        <p>Paste the access token you were given (operations, finance, or your dealer token).</p>
        ${error}
        <form method="post" action="/signin" data-testid="signin-form">
          ${input.next === undefined ? '' : html`<input type="hidden" name="next" value="${input.next}">`}
          <label for="token">Access token</label>
          <input id="token" name="token" type="password" autocomplete="current-password" required
            data-testid="signin-token"${input.error === undefined ? '' : html` aria-invalid="true" aria-describedby="signin-error"`}>
          <button type="submit" data-testid="signin-submit">Sign in</button>
        </form>
      </section>`,
  });
}
