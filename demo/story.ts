/** Placeholder: the demo's story, being written (issue 14). */
export {};
