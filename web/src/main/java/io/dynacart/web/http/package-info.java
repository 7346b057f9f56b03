/**
 * The web server's cross-cutting parts: sessions (an HttpOnly, SameSite=Lax cookie), CSRF
 * defences for forms and for the JSON control API ({@link io.dynacart.web.http.Csrf} says which
 * applies where), and error pages that never show a stack trace.
 */
package io.dynacart.web.http;
