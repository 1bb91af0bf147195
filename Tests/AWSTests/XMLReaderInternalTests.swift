import Testing

@testable import AWS

@Suite("XMLReader")
struct XMLReaderInternalTests {
    private func parse(_ text: String) throws -> XMLReader.Element {
        try XMLReader.parse(Array(text.utf8))
    }

    @Test func readsAnS3Listing() throws {
        let root = try parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name>
              <Contents><Key>a &amp; b &lt;c&gt; &quot;&apos; &#233;&#x1F600;</Key><Size>3</Size></Contents>
              <Contents><Key><![CDATA[x<y>&z]]></Key><!-- note --></Contents>
              <Empty/><IsTruncated>false</IsTruncated>
            </ListBucketResult>
            """)
        #expect(root.name == "ListBucketResult")
        let keys = root.children("Contents").compactMap { $0.child("Key")?.text }
        #expect(keys == ["a & b <c> \"' é😀", "x<y>&z"])
        #expect(root.child("Empty")?.text == "")
        #expect(root.child("IsTruncated")?.text == "false")
        #expect(root.child("Missing") == nil)
    }

    @Test(arguments: [
        "",
        "just text",
        "<a>",
        "<a></b>",
        "<a><b></a></b>",
        "<a>&unknown;</a>",
        "<a>&#0;</a>",
        "<a>&#xD800;</a>",
        "<a>&amp</a>",
        "<a x=unquoted></a>",
        "<a></a><b></b>",
        "<a></a>trailing",
        "<!DOCTYPE a [<!ENTITY e \"boom\">]><a>&e;</a>",
        "<a><!DOCTYPE x></a>",
        "<a><![CDATA[never closed</a>",
        "<a><!-- never closed</a>",
    ])
    func refusesMalformedDocuments(text: String) {
        #expect(throws: AWSClientError.malformedResponse) {
            try parse(text)
        }
    }

    @Test func refusesInvalidUTF8() {
        #expect(throws: AWSClientError.malformedResponse) {
            try XMLReader.parse(Array("<a>".utf8) + [0xFF, 0xFE] + Array("</a>".utf8))
        }
    }

    @Test func refusesDeepNesting() throws {
        let deep = String(repeating: "<a>", count: 100) + String(repeating: "</a>", count: 100)
        #expect(throws: AWSClientError.malformedResponse) { try parse(deep) }
        let fine = String(repeating: "<a>", count: 20) + String(repeating: "</a>", count: 20)
        #expect(try parse(fine).name == "a")
    }
}
