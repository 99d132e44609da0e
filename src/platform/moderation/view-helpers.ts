import type { ViewContext } from "../http/context";
import type { FormState } from "../views/forms";

/** The translated error of one field of a failed form, if any. */
export function errorText(view: ViewContext, form: FormState, name: string): string | undefined {
  const error = form.errors[name];
  return error ? view.t(error.key, error.values) : undefined;
}
