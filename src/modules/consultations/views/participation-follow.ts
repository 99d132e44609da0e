import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { postForm } from "../../../platform/views/forms";

/** Where the follow forms post: the consultation's, or one topic's. */
export function followPath(spaceSlug: string, consultationSlug: string, topicNumber?: number): string {
  const base = `/spaces/${encodeURIComponent(spaceSlug)}/consultations/${encodeURIComponent(consultationSlug)}`;
  return topicNumber === undefined ? `${base}/follow` : `${base}/topics/${topicNumber}/follow`;
}

/**
 * The follow / stop-following button for a consultation (`topicNumber` absent) or a topic: a small POST form
 * that comes back to the current page (works with JavaScript off). Always a secondary button: taking part (the
 * form) is the page's one primary action. Signed-out visitors get a sign-in link.
 * Pass `isFollowing` from queries-participation `isFollowing`.
 */
export function followButton(view: ViewContext, input: { spaceSlug: string; consultationSlug: string; topicNumber?: number; isFollowing: boolean }): SafeHtml {
  const scope = input.topicNumber === undefined ? "consultation" : "topic";
  if (!view.user) {
    return html`<p class="follow"><a href="/login?next=${encodeURIComponent(view.url)}">${view.t(`consultation.participation.follow.sign_in.${scope}`)}</a></p>`;
  }
  return postForm(
    view,
    followPath(input.spaceSlug, input.consultationSlug, input.topicNumber),
    html`<input type="hidden" name="follow" value="${input.isFollowing ? "0" : "1"}">
<input type="hidden" name="next" value="${view.url}">
<button type="submit" class="secondary">${view.t(input.isFollowing ? `consultation.participation.unfollow.${scope}` : `consultation.participation.follow.${scope}`)}</button>`,
    { className: "inline-form follow" },
  );
}
