import type { PageSession } from '../session/pageSession';
import { homeOf } from '../session/pageGuard';
import { html, type Html } from './html';
import { layout } from './layout';

/** A page saying what went wrong and where to go next. */
export function errorPage(input: { title: string; message: string; session?: PageSession | undefined; back?: string }): Html {
  const home = input.session === undefined ? undefined : homeOf(input.session.principal.role.kind);
  const back = input.back ?? home ?? '/signin';
  return layout({
    title: input.title,
    ...(input.session === undefined ? {} : { session: input.session }),
    main: html`<section class="panel error-page">
        <h1>${input.title}</h1>
        <p>${input.message}</p>
        <p><a href="${back}">${back === '/signin' ? 'Go to the sign-in page' : 'Back'}</a></p>
      </section>`,
  });
}
