package dev.ringnet.bench.report;

/** report.html: placeholder until the charts land. */
public final class HtmlReport {
    private final MarkdownReport markdown;

    /** A report of {@code results}, compared with {@code baseline} when not null. */
    public HtmlReport(Results results, Baseline baseline) {
        this.markdown = new MarkdownReport(results, baseline);
    }

    /** The HTML text. */
    public String render() {
        return "<!doctype html><meta charset=utf-8><pre>" + markdown.render().replace("&", "&amp;")
                .replace("<", "&lt;") + "</pre>";
    }
}
