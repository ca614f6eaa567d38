/**
 * For cross-field checks (refine and superRefine on a whole form): run them even when a field
 * has failed its own check, so a form says every mistake at once instead of in rounds. Such a
 * check must then expect missing or unconverted values.
 */
export const evenWithFieldErrors = { when: () => true }
