/**
 * The JOSDK controller: its reconciler (a table of contents over the {@code reconcile} steps, then status), its
 * settings and its watches.
 */
package io.cometmq.operator.controller;
