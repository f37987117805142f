/* gtktouch.c — a WebKitGTK page driven with real GDK touch events, for the cross-browser smoke
 * (tests/e2e/xbrowser). WebKitWebDriver sends W3C touch actions to WebKitGTK as mouse events, so
 * the touch scenarios run here instead: a GtkWindow with one WebKitWebView loads the page and
 * GdkEventTouch events (TOUCH_BEGIN/UPDATE/END, one sequence per finger, the first one emulating
 * the pointer as X11 touchscreens do) go through gtk_main_do_event() to the view, the same path a
 * touchscreen's events take. Built by drivers.js from this file:
 *   cc gtktouch.c $(pkg-config --cflags --libs webkit2gtk-4.1 gtk+-3.0 gtk+-unix-print-3.0)
 * Usage: gtktouch URL WIDTH HEIGHT   (needs a display: run.sh starts xvfb-run)
 * Prints "ready" once the page has loaded, then reads commands from stdin, one a line, and
 * answers each with one line "ID ok JSON" or "ID err MESSAGE":
 *   eval ID BASE64      run the base64-encoded JS function body (it may `return await ...`) in the
 *                       page; the answer is its value as JSON ("null" for undefined)
 *   touch ID KIND FINGER X Y   KIND begin|update|end|cancel; FINGER a small number (a sequence);
 *                       X, Y in the view's pixels (CSS pixels at scale 1); answered once GTK has
 *                       handed the event to WebKit (the page gets it later, in order with evals)
 *   print ID BASE64PATH [portrait|landscape]   print the page with WebKit's own print
 *                       operation (what its print dialog runs) through GTK's "Print to File"
 *                       printer, to a PDF at the base64-encoded absolute path, on A4 of that
 *                       orientation (portrait, as a new print dialog starts, by default). WebKit
 *                       takes the page size from here: it ignores CSS @page size and named pages.
 *                       Answered once the file is written.
 *   quit
 * A script run before the page's own counts the touchstart events the page gets (window.__touchStarts).
 * Nothing else: no network, no files. */
#include <gtk/gtk.h>
#include <gtk/gtkunixprint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <webkit2/webkit2.h>

static WebKitWebView *view;
static GtkWidget *window;
static gboolean loaded;
static GString *input;

static void answer(const char *id, const char *status, const char *text) {
  /* One line per answer: newlines in a message would break the protocol. */
  GString *line = g_string_new(NULL);
  g_string_printf(line, "%s %s ", id, status);
  for (const char *c = text; c && *c; c++) g_string_append_c(line, (*c == '\n' || *c == '\r') ? ' ' : *c);
  g_string_append_c(line, '\n');
  fputs(line->str, stdout);
  fflush(stdout);
  g_string_free(line, TRUE);
}

static void evaluated(GObject *object, GAsyncResult *result, gpointer data) {
  char *id = data;
  GError *error = NULL;
  JSCValue *value = webkit_web_view_call_async_javascript_function_finish(WEBKIT_WEB_VIEW(object), result, &error);
  if (!value) {
    answer(id, "err", error ? error->message : "no value");
    g_clear_error(&error);
  } else {
    JSCException *exception = jsc_context_get_exception(jsc_value_get_context(value));
    if (exception) {
      answer(id, "err", jsc_exception_get_message(exception));
    } else if (jsc_value_is_undefined(value)) {
      answer(id, "ok", "null");
    } else {
      char *json = jsc_value_to_json(value, 0);
      answer(id, "ok", json ? json : "null");
      g_free(json);
    }
    g_object_unref(value);
  }
  g_free(id);
}

/* The finger numbers in use: GDK wants a distinct non-null sequence per touch point. */
static GdkEventSequence *sequence(int finger) { return GUINT_TO_POINTER((guint)finger + 1); }

static const char *touch(const char *kind, int finger, double x, double y, gboolean emulating) {
  GdkEventType type;
  if (!strcmp(kind, "begin")) type = GDK_TOUCH_BEGIN;
  else if (!strcmp(kind, "update")) type = GDK_TOUCH_UPDATE;
  else if (!strcmp(kind, "end")) type = GDK_TOUCH_END;
  else if (!strcmp(kind, "cancel")) type = GDK_TOUCH_CANCEL;
  else return "unknown touch kind";
  GdkWindow *target = gtk_widget_get_window(GTK_WIDGET(view));
  if (!target) return "the view has no window yet";
  /* The view may share its toplevel's GdkWindow: coordinates are relative to that window. */
  int wx = 0, wy = 0;
  gtk_widget_translate_coordinates(GTK_WIDGET(view), gtk_widget_get_toplevel(GTK_WIDGET(view)), 0, 0, &wx, &wy);
  if (gtk_widget_get_has_window(GTK_WIDGET(view))) wx = wy = 0;
  int ox = 0, oy = 0;
  gdk_window_get_origin(target, &ox, &oy);
  GdkSeat *seat = gdk_display_get_default_seat(gdk_window_get_display(target));
  GdkDevice *device = gdk_seat_get_pointer(seat);
  GdkEvent *event = gdk_event_new(type);
  event->touch.window = g_object_ref(target);
  event->touch.send_event = FALSE;
  event->touch.time = (guint32)(g_get_monotonic_time() / 1000);
  event->touch.x = x + wx;
  event->touch.y = y + wy;
  event->touch.x_root = ox + x + wx;
  event->touch.y_root = oy + y + wy;
  event->touch.axes = NULL;
  event->touch.state = (type == GDK_TOUCH_BEGIN) ? 0 : GDK_BUTTON1_MASK;
  event->touch.sequence = sequence(finger);
  event->touch.emulating_pointer = emulating;
  gdk_event_set_device(event, device);
  gdk_event_set_source_device(event, device);
  gdk_event_set_screen(event, gdk_window_get_screen(target));
  gtk_main_do_event(event);
  gdk_event_free(event);
  return NULL;
}

/* One print: answered once, by "failed" (which WebKit follows with "finished") or by "finished". */
typedef struct {
  char *id;
  gboolean answered;
} PrintJob;

static void print_failed(WebKitPrintOperation *op, GError *error, gpointer data) {
  (void)op;
  PrintJob *job = data;
  answer(job->id, "err", error ? error->message : "printing failed");
  job->answered = TRUE;
}

static void printed(WebKitPrintOperation *op, gpointer data) {
  PrintJob *job = data;
  if (!job->answered) answer(job->id, "ok", "null");
  g_free(job->id);
  g_free(job);
  g_object_unref(op);
}

/* GTK's file printer: the virtual one that takes PDF ("Print to File", a name GTK translates). */
static gboolean find_file_printer(GtkPrinter *printer, gpointer data) {
  char **name = data;
  if (!gtk_printer_is_virtual(printer) || !gtk_printer_accepts_pdf(printer)) return FALSE;
  *name = g_strdup(gtk_printer_get_name(printer));
  return TRUE;
}

static const char *print_to(const char *id, const char *path, const char *orientation) {
  if (!g_path_is_absolute(path)) return "print needs an absolute path";
  char *printer = NULL;
  gtk_enumerate_printers(find_file_printer, &printer, NULL, TRUE);
  if (!printer) return "print: GTK has no Print to File printer (its print backends are missing)";
  char *uri = g_filename_to_uri(path, NULL, NULL);
  if (!uri) {
    g_free(printer);
    return "print: the path is not a file name";
  }
  GtkPrintSettings *settings = gtk_print_settings_new();
  gtk_print_settings_set_printer(settings, printer);
  g_free(printer);
  gtk_print_settings_set(settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
  gtk_print_settings_set(settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
  GtkPageSetup *setup = gtk_page_setup_new();
  GtkPaperSize *a4 = gtk_paper_size_new(GTK_PAPER_NAME_A4);
  gtk_page_setup_set_paper_size_and_default_margins(setup, a4);
  gtk_page_setup_set_orientation(setup, (orientation && !strcmp(orientation, "landscape")) ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                                                                          : GTK_PAGE_ORIENTATION_PORTRAIT);
  WebKitPrintOperation *op = webkit_print_operation_new(view);
  webkit_print_operation_set_print_settings(op, settings);
  webkit_print_operation_set_page_setup(op, setup);
  PrintJob *job = g_new0(PrintJob, 1);
  job->id = g_strdup(id);
  g_signal_connect(op, "failed", G_CALLBACK(print_failed), job);
  g_signal_connect(op, "finished", G_CALLBACK(printed), job);
  webkit_print_operation_print(op);
  gtk_paper_size_free(a4);
  g_object_unref(setup);
  g_object_unref(settings);
  g_free(uri);
  return NULL;
}

static void command(char *line) {
  char *save = NULL;
  char *verb = strtok_r(line, " ", &save);
  if (!verb) return;
  if (!strcmp(verb, "quit")) { gtk_main_quit(); return; }
  char *id = strtok_r(NULL, " ", &save);
  if (!id) { answer("-", "err", "a command needs an id"); return; }
  if (!strcmp(verb, "eval")) {
    char *code = strtok_r(NULL, " ", &save);
    if (!code) { answer(id, "err", "eval needs code"); return; }
    gsize n = 0;
    guchar *raw = g_base64_decode(code, &n);
    char *body = g_strndup((const char *)raw, n);
    g_free(raw);
    webkit_web_view_call_async_javascript_function(view, body, -1, NULL, NULL, NULL, NULL, evaluated, g_strdup(id));
    g_free(body);
  } else if (!strcmp(verb, "touch")) {
    char *kind = strtok_r(NULL, " ", &save), *f = strtok_r(NULL, " ", &save);
    char *xs = strtok_r(NULL, " ", &save), *ys = strtok_r(NULL, " ", &save);
    if (!kind || !f || !xs || !ys) { answer(id, "err", "touch needs KIND FINGER X Y"); return; }
    char *emu = strtok_r(NULL, " ", &save);
    const char *error = touch(kind, atoi(f), g_ascii_strtod(xs, NULL), g_ascii_strtod(ys, NULL), emu ? atoi(emu) != 0 : atoi(f) == 0);
    answer(id, error ? "err" : "ok", error ? error : "null");
  } else if (!strcmp(verb, "print")) {
    char *code = strtok_r(NULL, " ", &save), *orientation = strtok_r(NULL, " ", &save);
    if (!code) { answer(id, "err", "print needs a path"); return; }
    gsize n = 0;
    guchar *raw = g_base64_decode(code, &n);
    char *file = g_strndup((const char *)raw, n);
    g_free(raw);
    const char *error = print_to(id, file, orientation);
    if (error) answer(id, "err", error);
    g_free(file);
  } else {
    answer(id, "err", "unknown command");
  }
}

static gboolean readable(GIOChannel *channel, GIOCondition condition, gpointer data) {
  (void)data;
  char buf[65536];
  gsize n = 0;
  GIOStatus status = G_IO_STATUS_NORMAL;
  if (condition & G_IO_IN) status = g_io_channel_read_chars(channel, buf, sizeof buf, &n, NULL);
  if (n > 0) g_string_append_len(input, buf, (gssize)n);
  char *nl;
  while ((nl = memchr(input->str, '\n', input->len))) {
    gsize len = (gsize)(nl - input->str);
    char *line = g_strndup(input->str, len);
    g_string_erase(input, 0, (gssize)len + 1);
    command(line);
    g_free(line);
  }
  if (status == G_IO_STATUS_EOF || status == G_IO_STATUS_ERROR || (condition & (G_IO_HUP | G_IO_ERR))) {
    gtk_main_quit();  /* the test went away */
    return G_SOURCE_REMOVE;
  }
  return G_SOURCE_CONTINUE;
}

static void load_changed(WebKitWebView *v, WebKitLoadEvent event, gpointer data) {
  (void)v; (void)data;
  if (event != WEBKIT_LOAD_FINISHED || loaded) return;
  loaded = TRUE;
  fputs("ready\n", stdout);
  fflush(stdout);
  GIOChannel *channel = g_io_channel_unix_new(0);
  g_io_channel_set_encoding(channel, NULL, NULL);
  g_io_channel_set_flags(channel, G_IO_FLAG_NONBLOCK, NULL);
  g_io_add_watch(channel, G_IO_IN | G_IO_HUP | G_IO_ERR, readable, NULL);
}

static gboolean load_failed(WebKitWebView *v, WebKitLoadEvent event, char *uri, GError *error, gpointer data) {
  (void)v; (void)event; (void)data;
  fprintf(stdout, "failed %s: %s\n", uri, error->message);
  fflush(stdout);
  exit(1);
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s URL WIDTH HEIGHT\n", argv[0]);
    return 2;
  }
  gtk_init(&argc, &argv);
  input = g_string_new(NULL);
  window = gtk_window_new(GTK_WINDOW_TOPLEVEL);
  gtk_window_set_default_size(GTK_WINDOW(window), atoi(argv[2]), atoi(argv[3]));
  gtk_window_move(GTK_WINDOW(window), 0, 0);
  view = WEBKIT_WEB_VIEW(webkit_web_view_new());
  /* Before any script of the page: count the TouchEvents that reach it (the page's own capturing
   * listener stops them there), so a test can tell that the touches arrived as touches. */
  WebKitUserScript *counter = webkit_user_script_new(
      "window.__touchStarts = 0; window.addEventListener('touchstart', () => { window.__touchStarts++; }, true);",
      WEBKIT_USER_CONTENT_INJECT_TOP_FRAME, WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_START, NULL, NULL);
  webkit_user_content_manager_add_script(webkit_web_view_get_user_content_manager(view), counter);
  webkit_user_script_unref(counter);
  WebKitSettings *settings = webkit_web_view_get_settings(view);
  webkit_settings_set_enable_webgl(settings, TRUE);
  gtk_container_add(GTK_CONTAINER(window), GTK_WIDGET(view));
  g_signal_connect(view, "load-changed", G_CALLBACK(load_changed), NULL);
  g_signal_connect(view, "load-failed", G_CALLBACK(load_failed), NULL);
  g_signal_connect(window, "destroy", G_CALLBACK(gtk_main_quit), NULL);
  gtk_widget_show_all(window);
  webkit_web_view_load_uri(view, argv[1]);
  gtk_main();
  return 0;
}
