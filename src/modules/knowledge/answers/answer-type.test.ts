import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { quantityAsked, questionFocus, statesQuantity } from "./answer-type";

describe("answer types", () => {
  test("tells the kind of quantity a question asks for, in English and Russian", () => {
    assert.equal(quantityAsked("How much does the course cost?"), "price");
    assert.equal(quantityAsked("Сколько стоит участие?"), "price");
    assert.equal(quantityAsked("How long does the review take?"), "duration");
    assert.equal(quantityAsked("Сколько дней длится рассмотрение?"), "duration");
    assert.equal(quantityAsked("What is the maximum file size?"), "size");
    assert.equal(quantityAsked("Сколько слов может быть в отчёте?"), "size");
    assert.equal(quantityAsked("How many members may a group have?"), "count");
    assert.equal(quantityAsked("Сколько участников в группе?"), "count");
    assert.equal(quantityAsked("How do I register an organisation?"), undefined);
    assert.equal(quantityAsked("Кто может подать заявку?"), undefined);
  });

  test("a passage answers a quantity question only with a quantity of that kind", () => {
    assert.ok(statesQuantity("Registration is free of charge.", "price"));
    assert.ok(statesQuantity("Взнос составляет 50 долларов.", "price"));
    assert.ok(!statesQuantity("Reviews take 30 days.", "price"), "a figure of another kind does not state a price");
    assert.ok(statesQuantity("Comments are accepted for thirty days.", "duration"));
    assert.ok(statesQuantity("Замечания принимаются в течение месяца.", "duration"));
    assert.ok(!statesQuantity("The coordinator reviews each request.", "duration"));
    assert.ok(statesQuantity("Files up to 10 MB may be attached.", "size"));
    assert.ok(statesQuantity("Group of seven members.", "count"));
    assert.ok(!statesQuantity("Members meet regularly.", "count"));
  });

  test("dates, temperatures, shares and masses are kinds of their own", () => {
    assert.equal(quantityAsked("When does the call open?"), "date");
    assert.equal(quantityAsked("Когда открывается приём заявок?"), "date");
    assert.equal(quantityAsked("Which costs are covered when the secretariat pays?"), "price", "a 'when' inside a sentence is not a date question");
    assert.equal(quantityAsked("On which dates is the forum held?"), "date");
    assert.equal(quantityAsked("Какая температура в зале?"), "temperature");
    assert.equal(quantityAsked("What share of members are youth groups?"), "share");
    assert.equal(quantityAsked("How heavy may a parcel be, in kilograms?"), "mass");
    assert.equal(quantityAsked("Какой размер суточных в долларах?"), "price");
    assert.ok(statesQuantity("The forum meets on 12 May in Geneva.", "date"));
    assert.ok(statesQuantity("Отчёт сдаётся в течение месяца после публикации.", "date"));
    assert.ok(!statesQuantity("The forum meets in Geneva; the deadline is announced later.", "date"));
    assert.ok(statesQuantity("Keep the room at 20 °C.", "temperature"));
    assert.ok(statesQuantity("Около 60 процентов мигрантов работают.", "share"));
    assert.ok(!statesQuantity("Sixty members are youth groups.", "share"));
    assert.ok(statesQuantity("Lamps may contain up to 5 mg of mercury.", "mass"));
  });

  test("finds the noun a question word asks about", () => {
    assert.equal(questionFocus("Which hotel does the secretariat recommend?"), "hotel");
    assert.equal(questionFocus("How many observer organisations are accredited?"), "organis");
    assert.equal(questionFocus("How many API requests per minute are allowed?"), "request");
    assert.equal(questionFocus("What kind of support is offered?"), "support");
    assert.equal(questionFocus("Какие санкции применяются к стране?"), "санкц");
    assert.equal(questionFocus("Какие самые вредные приёмы запрещены?"), "прием");
    assert.equal(questionFocus("Сколько стран подписали конвенцию?"), "стран");
    assert.equal(questionFocus("What happens to my posts?"), undefined, "a verb after 'what' is not a focus");
    assert.equal(questionFocus("What is the deadline?"), undefined);
    assert.equal(questionFocus("Сколько стоит участие?"), undefined);
    assert.equal(questionFocus("How do I register?"), undefined);
  });
});
