import Foundation
import Testing

@testable import Tabular

@Suite struct XMLPartTests {
    private final class IgnoringHandler: XMLPartHandler {}

    private func parseError(_ xml: String) -> TabularError? {
        tabularError { try parseXMLPart(Data(xml.utf8), named: "part.xml", with: IgnoringHandler()) }
    }

    @Test func acceptsWellFormedXML() {
        #expect(parseError(#"<?xml version="1.0"?><a><b x="1"/>text</a>"#) == nil)
    }

    @Test func reportsUnclosedElements() {
        #expect(
            parseError("<a><b/>text")?.reason.hasPrefix("malformed XML in part.xml at line 1") == true)
    }

    @Test(arguments: ["", "<a", "<a>"])
    func reportsPartsWithoutACompleteElement(xml: String) {
        #expect(
            parseError(xml)
                == TabularError(reason: "malformed XML in part.xml (no complete XML element found)"))
    }

    @Test func reportsMismatchedTagsWithTheirLine() {
        #expect(
            parseError("<a>\n<b></a>")?.reason.hasPrefix("malformed XML in part.xml at line 2") == true)
    }
}
