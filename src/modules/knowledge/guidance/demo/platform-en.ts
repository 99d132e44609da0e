/** Demo guidance about using Convene itself, written for this project (English originals and translations). */
export const PLATFORM_GUIDANCE_EN = {
  registerOrganisation: {
    title: "Registering your organisation",
    tags: ["organisations", "getting started"],
    body: `Most things in Convene are done on behalf of an organisation: an NGO, a company, a city, a university or a community group. A person can also act alone, but commitments and good practices carry more weight when the organisation behind them is named.

## Create your account first

Open **Register** at the top of any page, give your name, an email address and a password of at least ten characters. Convene sends a link to confirm the address; until you follow it, you can read everything public but cannot submit anything.

## Add the organisation

Go to **Organisations** and choose **Register an organisation**. Give its name in the languages you use, its type (for example non-governmental organisation or local government), the country where it is based and, if you like, a website and a short description. The person who registers it becomes its first administrator.

## Invite colleagues

On the organisation's page, administrators can invite colleagues by email. Each colleague joins with their own account, so it is always clear who wrote what; nobody needs to share a password.

## When the details change

Administrators can edit the profile at any time. If the organisation closes or merges with another, write to the secretariat of the space you work in: past commitments stay on record with the name they were made under.`,
  },
  commitments: {
    title: "Commitments and progress reports",
    tags: ["commitments", "progress", "getting started"],
    body: `A commitment is a public promise to do something measurable, linked to the targets of the framework a space follows. It is written by an organisation, checked by the secretariat, and then followed by progress reports.

## Writing a commitment

In a space that collects commitments, choose **New commitment**. Describe what you will do, pick the main target it contributes to, and add at least one indicator: a starting value, the value you aim for, its unit and a date. You can save a draft and come back to it; nothing is public until it is published.

## Review by the secretariat

When you submit, coordinators of the space read the commitment. They may publish it or send it back with a comment explaining what is missing. Government focal points can see commitments that name their country.

## Reporting progress

Once published, the commitment shows a **Report progress** button to its organisation. A report gives the current value of each indicator, the stage you have reached (planning, development, implementation or evaluation) and a short account of what happened. Regular reports keep the commitment's status light green; a commitment without a report for a long time turns yellow and then red.

## Changing a published commitment

You can still edit it. Earlier versions are kept, so readers can see what changed and when.`,
  },
  consultations: {
    title: "Taking part in a consultation",
    tags: ["consultations", "getting started"],
    body: `Consultations are structured online discussions: a space opens groups, each group has topics with guiding questions, and each topic is open for a set period.

## Before you write

Read the guiding questions and what others have already said. A short contribution that answers one question clearly is more useful than a long one that answers all of them at once.

## Writing a contribution

Choose **Contribute** under a topic, write your text and say which organisation you speak for. You can reply to another participant's contribution to agree, disagree or add an example. For a short time after posting you can still correct your text.

## Moderation

Contributions follow the space's rules. Some may be held for a moderator before they appear; you will be told if yours is. Personal attacks and advertising are removed.

## What happens next

When a topic closes, facilitators write a synthesis: the good practices, recommendations and gaps that came up, and the points where groups agreed or disagreed. The synthesis links back to the contributions it draws on.`,
  },
} as const;
