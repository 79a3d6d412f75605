/// Renders a document as one self-contained HTML page.
///
/// The page declares UTF-8 and `lang="zh-CN"`, carries its own stylesheet with a font stack
/// suited to Chinese, and refers to nothing outside itself: no scripts, fonts, images or
/// links. All document text is escaped. Tables have a `<thead>` and right-aligned numbers;
/// bar charts are inline SVG.
public struct HTMLRenderer: ReportRenderer {
    /// The page title used when the document has no title block.
    public static let defaultPageTitle = "报告"

    /// Creates an HTML renderer.
    public init() {}

    /// Renders the whole document as a page, ending with a newline.
    public func render(_ document: ReportDocument) -> String {
        let body = document.blocks.map(html(for:))
        let page =
            [
                "<!DOCTYPE html>",
                "<html lang=\"zh-CN\">",
                "<head>",
                "<meta charset=\"utf-8\">",
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
                "<title>\(htmlEscaped(pageTitle(of: document)))</title>",
                "<style>",
                Self.styleSheet,
                "</style>",
                "</head>",
                "<body>",
            ] + body + ["</body>", "</html>"]
        return page.joined(separator: "\n") + "\n"
    }

    private func pageTitle(of document: ReportDocument) -> String {
        for case .title(let title) in document.blocks {
            return title
        }
        return Self.defaultPageTitle
    }

    private func html(for block: ReportBlock) -> String {
        switch block {
        case .title(let title):
            "<h1>\(htmlEscaped(title))</h1>"
        case .section(let section):
            "<h2>\(htmlEscaped(section))</h2>"
        case .text(let text):
            paragraphs(text)
        case .table(let table):
            HTMLTable(table: table).html
        case .barChart(let chart):
            SVGBarChart(chart: chart).html
        }
    }

    /// Text as paragraphs: blank lines separate paragraphs, single line breaks become `<br>`.
    private func paragraphs(_ text: String) -> String {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let paragraphs = lines.split { $0.allSatisfy(\.isWhitespace) }
        return paragraphs.map { lines in
            "<p>" + lines.map { htmlEscaped(String($0)) }.joined(separator: "<br>") + "</p>"
        }
        .joined(separator: "\n")
    }

    private static let styleSheet = """
        :root { color-scheme: light; }
        body { margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1f2328; background: #fff;
          font-family: "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
          font-size: 16px; line-height: 1.7; }
        h1 { font-size: 1.75rem; border-bottom: 2px solid #d0d7de; padding-bottom: .3rem; }
        h2 { font-size: 1.35rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; margin-top: 2rem; }
        p { margin: .75rem 0; }
        table { border-collapse: collapse; margin: 1rem 0; font-variant-numeric: tabular-nums; }
        caption { caption-side: top; text-align: left; font-weight: 600; padding: .25rem 0; }
        th, td { border: 1px solid #d0d7de; padding: .35rem .75rem; text-align: left; vertical-align: top; }
        thead th { background: #f6f8fa; font-weight: 600; }
        tbody tr:nth-child(even) { background: #fafbfc; }
        .num { text-align: right; }
        figure.chart { margin: 1rem 0; }
        figure.chart figcaption { font-weight: 600; margin-bottom: .25rem; }
        figure.chart svg { width: 100%; max-width: 48rem; height: auto; }
        figure.chart text { font-family: inherit; font-size: 13px; fill: #1f2328; }
        figure.chart .bar { fill: #4e79a7; }
        @media print { body { margin: 0; max-width: none; } }
        """
}

/// `text` with the five HTML-significant characters replaced by entities.
func htmlEscaped(_ text: String) -> String {
    text.reduce(into: "") { result, character in
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&#39;"
        default: result.append(character)
        }
    }
}

/// A report table as an HTML `<table>` with a caption, a header and right-aligned numbers.
struct HTMLTable {
    let table: ReportTable

    var html: String {
        let caption = table.title.map { ["<caption>\(htmlEscaped($0))</caption>"] } ?? []
        return (["<table>"] + caption + [head, body, "</table>"]).joined(separator: "\n")
    }

    private var head: String {
        let cells = (0..<table.columnCount).map { column in
            "<th\(numericClass(table.isNumericColumn(column)))>"
                + htmlEscaped(table.header(at: column)) + "</th>"
        }
        return "<thead>\n<tr>" + cells.joined() + "</tr>\n</thead>"
    }

    private var body: String {
        let rows = table.rectangularRows.map { cells in
            "<tr>"
                + cells.map { "<td\(numericClass($0.isNumeric))>\(cellHTML($0))</td>" }.joined()
                + "</tr>"
        }
        return (["<tbody>"] + rows + ["</tbody>"]).joined(separator: "\n")
    }

    private func numericClass(_ isNumeric: Bool) -> String {
        isNumeric ? " class=\"num\"" : ""
    }

    private func cellHTML(_ value: ReportValue) -> String {
        lineBreaks(in: htmlEscaped(value.readableText), replacedWith: "<br>")
    }
}
