import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Receives the events of one XLSX part, with namespace prefixes removed
/// from element names since writers differ in whether they prefix
/// SpreadsheetML elements (`x:row` versus `row`).
protocol XMLPartHandler: AnyObject {
    /// Throwing stops the parse and makes `parseXMLPart` rethrow the error.
    func didStartElement(_ name: Substring, attributes: [String: String]) throws
    /// Throwing stops the parse and makes `parseXMLPart` rethrow the error.
    func didEndElement(_ name: Substring) throws
    func foundCharacters(_ characters: String)
}

extension XMLPartHandler {
    func didStartElement(_ name: Substring, attributes: [String: String]) throws {}
    func didEndElement(_ name: Substring) throws {}
    func foundCharacters(_ characters: String) {}
}

/// Streams `data` through `handler`.
///
/// - Throws: The first error the handler threw, or `TabularError` naming
///   `partName` if the XML is malformed or truncated.
func parseXMLPart(_ data: Data, named partName: String, with handler: some XMLPartHandler) throws {
    let adapter = XMLParserAdapter(handler: handler)
    // Streaming in chunks keeps libxml2 under its 10 MB single-buffer limit,
    // which `XMLParser(data:)` exceeds on large worksheets.
    let parser = XMLParser(stream: InputStream(data: data))
    parser.delegate = adapter
    let succeeded = parser.parse()
    if let failure = adapter.handlerFailure { throw failure }
    if let problem = adapter.syntaxProblem ?? (succeeded ? nil : "at line \(parser.lineNumber)") {
        throw TabularError(reason: "malformed XML in \(partName) \(problem)")
    }
}

/// Bridges `XMLParser` callbacks to an `XMLPartHandler`, and catches the
/// syntax errors and truncated documents that FoundationXML on Linux parses
/// while still reporting success.
private final class XMLParserAdapter<Handler: XMLPartHandler>: NSObject, XMLParserDelegate {
    private let handler: Handler
    private(set) var handlerFailure: (any Error)?
    private var firstSyntaxError: String?
    private var sawRootElement = false

    init(handler: Handler) {
        self.handler = handler
    }

    var syntaxProblem: String? {
        if let firstSyntaxError { return firstSyntaxError }
        return sawRootElement ? nil : "(no complete XML element found)"
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        sawRootElement = true
        forward(parser) { try handler.didStartElement(localName(elementName), attributes: attributes) }
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
        qualifiedName: String?
    ) {
        forward(parser) { try handler.didEndElement(localName(elementName)) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        handler.foundCharacters(string)
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        handler.foundCharacters(String(decoding: block, as: UTF8.self))
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        guard firstSyntaxError == nil else { return }
        firstSyntaxError =
            "at line \(parser.lineNumber) (XML parser error \((parseError as NSError).code))"
    }

    private func forward(_ parser: XMLParser, _ event: () throws -> Void) {
        guard handlerFailure == nil else { return }
        do {
            try event()
        } catch {
            handlerFailure = error
            parser.abortParsing()
        }
    }

    private func localName(_ qualifiedName: String) -> Substring {
        guard let colon = qualifiedName.lastIndex(of: ":") else { return qualifiedName[...] }
        return qualifiedName[qualifiedName.index(after: colon)...]
    }
}
