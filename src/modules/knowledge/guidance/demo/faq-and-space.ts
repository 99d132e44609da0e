/** Demo FAQ entries and a space's own guidance, written for this project in English and Russian. */

type DemoText = { title: string; tags: string[]; body: string };

export const PLATFORM_FAQ: { slug: string; en?: DemoText; ru?: DemoText }[] = [
  {
    slug: "faq-what-is-a-space",
    en: { title: "What is a space?", tags: ["spaces"], body: "A space is the home of one programme or process — for example a convention's action agenda or a national programme. It has its own members, reference framework, consultations, commitments and guidance. You can follow several spaces with one account." },
    ru: { title: "Что такое пространство?", tags: ["пространства"], body: "Пространство — это «дом» одной программы или процесса, например программы действий конвенции или национальной программы. У него свои участники, рамочный документ, консультации, обязательства и руководства. С одним аккаунтом можно участвовать в нескольких пространствах." },
  },
  {
    slug: "faq-private-spaces",
    en: { title: "Why can't I find a space a colleague told me about?", tags: ["spaces", "access"], body: "Some spaces are private: only the people invited by its coordinators can see them, and to everyone else they do not appear at all. Ask your colleague to have a coordinator invite you with the email address of your account." },
    ru: { title: "Почему я не нахожу пространство, о котором рассказал коллега?", tags: ["пространства", "доступ"], body: "Некоторые пространства закрытые: их видят только люди, приглашённые координаторами, а для остальных их словно нет. Попросите коллегу, чтобы координатор пригласил вас по адресу электронной почты вашего аккаунта." },
  },
  {
    slug: "faq-forgotten-password",
    en: { title: "I forgot my password. What now?", tags: ["account"], body: "On the login page choose **Forgot your password?** and enter your email address. If an account exists for it, you will receive a link that lets you set a new password; the link works for a limited time." },
  },
  {
    slug: "faq-who-sees-my-commitment",
    ru: { title: "Кто видит моё обязательство до публикации?", tags: ["обязательства"], body: "Черновик видят только сотрудники вашей организации. После отправки на проверку его читают координаторы пространства и национальные координаторы стран, указанных в обязательстве. Всем остальным оно становится доступно только после публикации." },
  },
];

export const SPACE_GUIDANCE: { slug: string; kind: "guidance" | "faq"; en?: DemoText; ru?: DemoText }[] = [
  {
    slug: "memorandum-activities",
    kind: "guidance",
    ru: {
      title: "Меморандум программы: как взять на себя мероприятие",
      tags: ["меморандум", "мероприятия", "отчёты"],
      body: `Участники программы подписывают меморандум и берут на себя конкретные мероприятия. В этом пространстве мероприятие оформляется так же, как обязательство, только называется иначе.

## Что нужно подготовить

Название мероприятия, его цель, сроки, ответственную организацию и партнёров. Полезно сразу указать, к какой опоре программы оно относится: доступ к информации, участие общественности или доступ к правосудию.

## Как подать мероприятие

Откройте раздел мероприятий программы и нажмите кнопку добавления. Заполните поля, сохраните черновик и отправьте его координатору. Координатор может задать вопросы в комментарии и вернуть мероприятие на доработку.

## Отчётность

Раз в полгода участники коротко сообщают, что сделано. Отчёт не должен быть длинным: главное — что изменилось и какие трудности возникли.`,
    },
    en: {
      title: "The programme memorandum: taking on an activity",
      tags: ["memorandum", "activities", "reporting"],
      body: `Programme participants sign the memorandum and take on specific activities. In this space an activity is entered the same way as a commitment, only under a different name.

## What to prepare

The activity's name, its purpose, dates, the responsible organisation and its partners. It helps to say straight away which pillar of the programme it belongs to: access to information, public participation or access to justice.

## How to submit an activity

Open the programme's activities and press the add button. Fill in the fields, save a draft and send it to the coordinator. The coordinator may ask questions in a comment and return the activity for changes.

## Reporting

Every six months participants say briefly what has been done. A report need not be long: what matters is what changed and which difficulties came up.`,
    },
  },
  {
    slug: "online-conferences",
    kind: "guidance",
    ru: {
      title: "Онлайн-конференции программы",
      tags: ["конференции", "мероприятия"],
      body: `Программа регулярно проводит онлайн-конференции для Орхусских центров, общественных организаций и государственных органов.

## Регистрация

Объявление о конференции публикуется в пространстве за несколько недель. Зарегистрируйтесь по ссылке в объявлении: ссылка на подключение придёт на вашу почту и будет видна на странице события только зарегистрированным.

## Выступления

Если хотите выступить, укажите это при регистрации и коротко опишите тему. Организаторы составляют программу и сообщают время выступления заранее.

## Материалы

После конференции презентации и краткий итог публикуются в базе знаний этого пространства.`,
    },
  },
  {
    slug: "faq-who-can-join-programme",
    kind: "faq",
    ru: { title: "Кто может присоединиться к программе?", tags: ["участие"], body: "Любая организация, которая работает над экологическими правами общественности в Казахстане: Орхусский центр, общественная организация, исследовательский институт или государственный орган. Зарегистрируйте организацию и нажмите «Присоединиться» на странице пространства." },
    en: { title: "Who can join the programme?", tags: ["participation"], body: "Any organisation working on the public's environmental rights in Kazakhstan: an Aarhus centre, a civil-society group, a research institute or a government body. Register your organisation and press “Join” on the space's page." },
  },
];
