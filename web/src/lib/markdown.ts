/**
 * The one Markdown renderer (common/markdown.ts), loaded beside the app rather than inside its
 * first chunk: with highlight.js and KaTeX it is most of the app's weight, and the sign-in page
 * and the sidebar need none of it. Asked for as soon as the app starts, so it is there by the time
 * a chat's messages arrive.
 */
export const markdownRenderer = import('../../../common/markdown');
