import { moduleStylesheet } from "../../../platform/http/module-stylesheet";

// The few styles contribution cards add to convene.css: nesting, placeholders, reactions and tag badges.
// A file of ours because the CSP allows no inline style.
const CSS = `.contribution{border-inline-start:3px solid #c9d3dc;padding-block:.5rem;padding-inline:.9rem 0;margin:1rem 0}
.contribution .contribution-replies{margin-inline-start:.4rem}
.contribution-meta{font-size:.9rem;color:#444;margin:.1rem 0 .4rem}
.contribution-meta .actor-type{font-size:.85rem}
.contribution-body{overflow-wrap:anywhere}
.contribution-body pre{overflow-x:auto;background:#f5f5f5;padding:.5rem}
.contribution-body blockquote{border-inline-start:3px solid #ccc;margin:.3rem 0;padding-inline-start:.7rem;color:#333}
.contribution-placeholder{font-style:italic;color:#555}
.contribution-notice{background:#fff5d1;border:1px solid #8a6d00;padding:.3rem .6rem;font-size:.9rem}
.contribution-held,.contribution-hidden{border-inline-start-color:#8a6d00}
.contribution-deleted{border-inline-start-color:#ddd}
.contribution-tags{list-style:none;padding:0;margin:.3rem 0;display:flex;flex-wrap:wrap;gap:.3rem}
.contribution-tags .badge{display:inline-block;padding:0 .55rem;border-radius:99px;font-size:.8rem;background:#e8eef7;border:1px solid #3a5a85;color:#1f3552}
.contribution-actions{display:flex;flex-wrap:wrap;gap:.8rem;align-items:center;font-size:.9rem}
.contribution-actions .reactions{display:flex;gap:.4rem}
.contribution-actions .reaction-form{display:inline}
.reaction{font-size:.85rem;padding:.1rem .5rem;border-radius:99px;border:1px solid #888;background:#fff;color:#1b1f24}
.reaction.is-mine{background:#1f3552;color:#fff;border-color:#1f3552}
.contribution-links{list-style:none;display:flex;flex-wrap:wrap;gap:.7rem;padding:0;margin:0}
.guiding-questions ol{padding-inline-start:1.4rem}
.topic-state{font-weight:600}
.pagination{display:flex;gap:1rem;margin:1rem 0}
`;

const STYLES = moduleStylesheet("consultation-contributions", CSS);
export const CONTRIBUTION_CSS_PATH = STYLES.path;

/** The <link> to add to a page's head. */
export const contributionStylesheet = STYLES.link;

/** Serves the stylesheet under its content hash, cacheable for a year. */
export const registerContributionStylesheet = STYLES.register;
