import { moduleStylesheet } from "../../../platform/http/module-stylesheet";

// The thread's styles on top of convene.css: posts with an avatar on the start side, nested replies, the
// summary above the threads, placeholders and moderation states, reactions and tag badges. A file of ours
// because the CSP allows no inline style; logical properties only, so a right-to-left page mirrors itself.
// Avatar colours: white initials on each of them reach at least 4.5:1 (contribution.test.ts checks it).
export const AVATAR_BACKGROUNDS = ["#0b5c8a", "#1e6b35", "#8a3b12", "#6a2c91", "#a4161a", "#00646b", "#5b4a00", "#3d4b5c"] as const;

const CSS = `.contribution{display:grid;grid-template-columns:2.5rem minmax(0,1fr);column-gap:var(--space-3);margin:0;padding-block:var(--space-4);border-block-start:1px solid var(--line)}
.threads>.contribution:first-of-type{border-block-start:0}
.post-header{display:contents}
.avatar{grid-column:1;grid-row:1/span 2;inline-size:2.5rem;block-size:2.5rem;border-radius:50%;display:flex;align-items:center;justify-content:center;color:#fff;background:var(--muted);font-weight:700;font-size:var(--step--1);line-height:1;letter-spacing:.02em;user-select:none}
${AVATAR_BACKGROUNDS.map((colour, index) => `.avatar-${index}{background:${colour}}`).join("")}
.post-who{grid-column:2;margin:0;display:flex;flex-wrap:wrap;align-items:baseline;column-gap:var(--space-2)}
.contribution-author{font-weight:700}
.contribution-org{color:var(--muted);font-size:var(--step--1)}
.post-own{font-size:var(--step--1);font-weight:600;padding:0 var(--space-2);border-radius:99px;background:var(--accent-soft);color:var(--accent);border:1px solid var(--accent)}
.post-when{grid-column:2;margin:0;font-size:var(--step--1);color:var(--muted);display:flex;flex-wrap:wrap;column-gap:var(--space-2)}
.post-number{font-weight:600}
.post-ago::before{content:"· "}
.post-main{grid-column:2;min-inline-size:0}
.contribution-replies{grid-column:2;border-inline-start:2px solid var(--line);padding-inline-start:var(--space-3);margin-block-start:var(--space-2)}
.contribution-replies>.contribution{border-block-start:0;padding-block:var(--space-3) 0;grid-template-columns:2rem minmax(0,1fr)}
.contribution-replies .avatar{inline-size:2rem;block-size:2rem;font-size:.75rem}
.is-own>.post-header .avatar{outline:2px solid var(--accent);outline-offset:2px}
.contribution-meta{font-size:var(--step--1);color:var(--muted);margin:var(--space-1) 0 var(--space-2)}
.contribution-meta .actor-type{font-size:var(--step--1)}
.post-status{font-weight:700;color:var(--warn)}
.post-status-deleted{color:var(--muted)}
.post-quote{margin:0 0 var(--space-2);padding:var(--space-1) var(--space-3);border-inline-start:3px solid var(--line);background:var(--soft);color:var(--muted);font-size:var(--step--1);max-inline-size:70ch}
.post-quote p{margin:0}
.contribution-body{overflow-wrap:anywhere;max-inline-size:70ch;line-height:1.6}
.contribution-body>*{margin-block:0 var(--space-3)}
.contribution-body>:last-child{margin-block-end:var(--space-2)}
.contribution-body ul,.contribution-body ol{padding-inline-start:var(--space-5)}
.contribution-body pre{overflow-x:auto;background:var(--soft);padding:var(--space-2)}
.contribution-body blockquote{border-inline-start:3px solid var(--line);margin:var(--space-1) 0;padding-inline-start:var(--space-3);color:var(--muted)}
.contribution-placeholder{font-style:italic;color:var(--muted);margin:var(--space-1) 0}
.contribution-notice{background:var(--warn-soft);border:1px solid var(--warn);padding:var(--space-1) var(--space-2);font-size:var(--step--1);max-inline-size:70ch}
.contribution-held>.post-main,.contribution-hidden>.post-main{border-inline-start:3px solid var(--warn);padding-inline-start:var(--space-3)}
.contribution-deleted>.post-header .avatar{opacity:.6}
.contribution-tags{list-style:none;padding:0;margin:var(--space-1) 0;display:flex;flex-wrap:wrap;gap:var(--space-1)}
.contribution-tags .badge{display:inline-block;padding:0 .55rem;border-radius:99px;font-size:.8rem;background:#e8eef7;border:1px solid #3a5a85;color:#1f3552}
.contribution-actions{display:flex;flex-wrap:wrap;gap:var(--space-2) var(--space-4);align-items:center;font-size:var(--step--1)}
.contribution-actions .reactions{display:flex;gap:var(--space-2)}
.contribution-actions .reaction-form{display:inline}
.reaction{font-size:.85rem;padding:.1rem .5rem;border-radius:99px;border:1px solid #888;background:#fff;color:var(--ink)}
.reaction.is-mine{background:#1f3552;color:#fff;border-color:#1f3552}
.contribution-links{list-style:none;display:flex;flex-wrap:wrap;gap:var(--space-3);padding:0;margin:0}
.guiding-questions ol{padding-inline-start:1.4rem}
.topic-state{font-weight:600}
.thread-summary{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:var(--space-3) var(--space-5);padding:var(--space-3) var(--space-4);margin:var(--space-4) 0;background:var(--soft);border:1px solid var(--line);border-radius:var(--radius)}
.thread-stats{display:flex;flex-wrap:wrap;gap:var(--space-2) var(--space-5);margin:0}
.thread-stats div{display:flex;flex-direction:column}
.thread-stats dt{font-size:var(--step--1);color:var(--muted);font-weight:400}
.thread-stats dd{margin:0;font-size:var(--step-1);font-weight:700}
.thread-jumps{margin:0;display:flex;flex-wrap:wrap;align-items:center;gap:var(--space-2) var(--space-4)}
.threads .pagination,.pagination{display:flex;flex-wrap:wrap;gap:var(--space-4);margin:var(--space-4) 0}
.contribution-form{border-block-start:2px solid var(--line);margin-block-start:var(--space-5);padding-block-start:var(--space-2)}
@media (max-width:30rem){.contribution{grid-template-columns:2rem minmax(0,1fr);column-gap:var(--space-2)}.avatar{inline-size:2rem;block-size:2rem;font-size:.75rem}.contribution-replies{padding-inline-start:var(--space-2)}}
`;

const STYLES = moduleStylesheet("consultation-contributions", CSS);
export const CONTRIBUTION_CSS_PATH = STYLES.path;

/** The <link> to add to a page's head. */
export const contributionStylesheet = STYLES.link;

/** Serves the stylesheet under its content hash, cacheable for a year. */
export const registerContributionStylesheet = STYLES.register;
