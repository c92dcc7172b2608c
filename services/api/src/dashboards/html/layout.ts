import type { FastifyReply } from 'fastify';
import type { Locale } from '@dealerflow/domain';
import type { RoleKind } from '../../auth/role';
import type { Flash } from '../session/flash';
import { CSRF_FIELD } from '../session/pageGuard';
import type { PageSession } from '../session/pageSession';
import { html, type Html } from './html';

export const STYLESHEET_PATH = '/dashboards/style.css';

/** After a decision, the page reloads this long after: the embedded runner applies a decision within a moment. */
const REFRESH_SECONDS = 2;

export interface LayoutLabels {
  skip: string;
  signOut: string;
  signedInAs: string;
  navigation: string;
}

const ENGLISH_LABELS: LayoutLabels = { skip: 'Skip to content', signOut: 'Sign out', signedInAs: 'Signed in as', navigation: 'Dashboards' };

export interface LayoutInput {
  title: string;
  lang?: Locale;
  session?: PageSession;
  flash?: Flash | undefined;
  /** The nav entry of this page (its path). */
  current?: string;
  labels?: LayoutLabels;
  main: Html;
}

/** The pages each role may open, in the order they are listed. */
const NAV: Record<RoleKind, { path: string; label: string }[]> = {
  admin: [
    { path: '/ops', label: 'Operations' },
    { path: '/finance', label: 'Finance' },
    { path: '/dealer', label: 'Dealer portal' },
  ],
  ops: [
    { path: '/ops', label: 'Operations' },
    { path: '/dealer', label: 'Dealer portal' },
  ],
  finance: [
    { path: '/finance', label: 'Finance' },
    { path: '/ops', label: 'Operations' },
  ],
  dealer: [],
  ingest: [],
};

function nav(session: PageSession, current: string | undefined, labels: LayoutLabels): Html {
  const { principal } = session;
  const who = principal.name ?? (principal.role.kind === 'dealer' ? principal.role.dealerId : principal.role.kind);
  const links = NAV[principal.role.kind].map(
    (entry) => html`<li><a href="${entry.path}"${entry.path === current ? html` aria-current="page"` : ''}>${entry.label}</a></li>`,
  );
  // Signing out by a header-authenticated script means nothing: there is no cookie to clear.
  const signOut =
    session.via === 'cookie'
      ? html`<form method="post" action="/signout" class="signout">
          <input type="hidden" name="${CSRF_FIELD}" value="${session.csrf}">
          <button type="submit">${labels.signOut}</button>
        </form>`
      : '';
  return html`<nav aria-label="${labels.navigation}">
      <ul>${links}</ul>
      <p class="who">${labels.signedInAs} <strong>${who}</strong></p>
      ${signOut}
    </nav>`;
}

/** The whole document around a page's main content. */
export function layout(input: LayoutInput): Html {
  const labels = input.labels ?? ENGLISH_LABELS;
  // Once: the flash is gone on the reloaded page, so it does not reload again.
  const refresh = input.flash?.refresh ? html`<meta http-equiv="refresh" content="${REFRESH_SECONDS}">` : '';
  const flash =
    input.flash === undefined
      ? ''
      : html`<div class="flash flash-${input.flash.level}" data-testid="flash" role="${input.flash.level === 'error' ? 'alert' : 'status'}">${input.flash.text}</div>`;
  return html`<!doctype html>
<html lang="${input.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${refresh}
<title>${input.title} · Dealerflow</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<a class="skip" href="#main">${labels.skip}</a>
<header class="top">
  <p class="brand">Dealerflow</p>
  ${input.session === undefined ? '' : nav(input.session, input.current, labels)}
</header>
<main id="main">
${flash}
${input.main}
</main>
</body>
</html>
`;
}

/**
 * Sends a page. Pages hold a person's business data: never cached, never framed (a framed form is
 * a click-jacking target), no script at all, styles from our own stylesheet only.
 */
export function sendPage(reply: FastifyReply, statusCode: number, page: Html): FastifyReply {
  return reply
    .code(statusCode)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    )
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .send(page.markup);
}
