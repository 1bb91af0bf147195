import FoundationEssentials
import Testing
@testable import LambdaRuntime

@Suite struct ErrorReportInternalTests {
    struct PlainError: Error {}
    struct Custom: LambdaReportableError, CustomStringConvertible {
        var errorType: String { "Function.BadInput" }
        var description: String { "line one\nline \"two\"\t\u{1}" }
    }

    @Test func jsonHasTheThreeFieldsAndEscapes() throws {
        let report = ErrorReport(Custom())
        let decoded = try JSONDecoder().decode([String: JSONValue].self, from: Data(report.json))
        #expect(decoded["errorType"] == .string("Function.BadInput"))
        #expect(decoded["errorMessage"] == .string("line one\nline \"two\"\t\u{1}"))
        #expect(decoded["stackTrace"] == .array([]))
    }

    @Test func typeNameIsTheDefaultErrorType() {
        #expect(ErrorReport(PlainError()).errorType == "PlainError")
    }

    @Test(arguments: [
        ("Runtime.UnmarshalError", "Runtime.UnmarshalError"), ("Function.BadInput", "Function.BadInput"),
        ("Refused", "Unhandled"), ("Runtime.bad", "Unhandled"), ("Runtime.A.B", "Unhandled"),
        ("Other.Reason", "Unhandled"), ("Function.Has Space", "Unhandled"), ("Runtime.Ünicode", "Unhandled"),
    ])
    func headerErrorType(type: String, header: String) {
        #expect(ErrorReport(errorType: type, errorMessage: "m").headerErrorType == header)
    }
}

/// Just enough JSON to read back what the runtime writes.
enum JSONValue: Decodable, Equatable {
    case string(String), number(Double), bool(Bool), null, array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }
}
