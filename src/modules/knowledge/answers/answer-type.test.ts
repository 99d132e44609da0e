import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { quantityAsked, statesQuantity } from "./answer-type";

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
});
