import Foundation
import HTTPClient
import Testing
import TestServers

/// The address policy against a real loopback server that counts its hits: every spelling of a
/// forbidden address, and every redirect to one, must be refused before a single request arrives.
@Suite("AddressPolicy against a loopback server")
struct AddressPolicyTests {
    private func hits(_ server: ServerProcess, port: Int) throws -> [String: Int] {
        let response = try HTTPClient().executeBlocking(HTTPRequest(url: "http://127.0.0.1:\(port)/hits"))
        return try #require(JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Int])
    }

    @Test func everySpellingOfLoopbackIsRefusedAtConnectTime() throws {
        let server = try ServerProcess(script: "http_test_server.py")
        let port = server.port()
        let client = HTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(5), addressPolicy: .publicOnly))
        let forms = ["127.0.0.1", "localhost", "2130706433", "0x7f.1", "127.1", "0", "0.0.0.0", "[::ffff:127.0.0.1]",
                     "[::ffff:7f00:1]", "[::1]", "127.0.0.2", "LOCALHOST", "017700000001"]
        for form in forms {
            let error = #expect(throws: HTTPClientError.self, "\(form)") {
                try client.executeBlocking(HTTPRequest(url: "http://\(form):\(port)/echo"))
            }
            #expect(error == .addressNotAllowed, "\(form): \(String(describing: error))")
        }
        #expect(try hits(server, port: port)["/echo"] == nil)
        // The same server is reachable when the policy names it, and without a policy.
        let allowing = HTTPClient(configuration: .init(addressPolicy: .publicOnly(allowing: [IPNetwork("127.0.0.0/8")!])))
        #expect(try allowing.executeBlocking(HTTPRequest(url: "http://127.0.0.1:\(port)/echo")).status == 200)
        #expect(try HTTPClient().executeBlocking(HTTPRequest(url: "http://127.1:\(port)/echo")).status == 200)
        #expect(try hits(server, port: port)["/echo"] == 2)
    }

    @Test func redirectsToForbiddenAddressesAndUserInformationAreRefused() throws {
        let server = try ServerProcess(script: "http_test_server.py")
        let port = server.port()
        // "localhost" stands for a public host here: the policy lets that name through, and nothing else.
        let client = HTTPClient(configuration: .init(
            timeout: .seconds(5), redirects: .follow(max: 5), addressPolicy: .publicOnly(allowing: [], hosts: ["localhost"])))
        #expect(try client.executeBlocking(HTTPRequest(url: "http://localhost:\(port)/redirect?n=2")).status == 200)
        let targets = ["http://127.0.0.1:\(port)/echo", "http://2130706433:\(port)/echo", "http://[::ffff:127.0.0.1]:\(port)/echo",
                       "http://user:pw@localhost:\(port)/echo", "http://user@localhost:\(port)/echo"]
        for target in targets {
            let location = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let error = #expect(throws: HTTPClientError.self, "\(target)") {
                try client.executeBlocking(HTTPRequest(url: "http://localhost:\(port)/redirect-to?location=\(location)"))
            }
            #expect(error == .addressNotAllowed, "\(target): \(String(describing: error))")
        }
        let counted = try hits(server, port: port)
        #expect(counted["/echo"] == nil, "\(counted)")
        #expect(counted["/redirect-to"] == targets.count)
        // User information in the first URL never leaves the process, even to an allowed host.
        let error = #expect(throws: HTTPClientError.self) {
            try client.executeBlocking(HTTPRequest(url: "http://user:pw@localhost:\(port)/echo"))
        }
        #expect(error == .addressNotAllowed)
        #expect(try hits(server, port: port)["/echo"] == nil)
    }

    @Test(arguments: [
        "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.1", "100.64.0.1", "100.127.255.255", "127.0.0.1", "127.255.255.254",
        "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.168.1.1", "192.0.0.8", "198.18.0.1", "224.0.0.1",
        "239.255.255.250", "240.0.0.1", "255.255.255.255", "::", "::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
        "::ffff:10.0.0.1", "::127.0.0.1", "64:ff9b::a00:1", "2002:a00:1::", "fc00::1", "fd12:3456::1", "fe80::1",
        "febf::1", "ff02::1", "2001:db8::1",
    ])
    func specialPurposeAddressesAreRefused(text: String) throws {
        let address = try #require(IPAddress(text))
        #expect(address.isSpecialPurpose)
        #expect(!AddressPolicy.publicOnly.allows(address, host: nil))
        #expect(AddressPolicy.unrestricted.allows(address, host: nil))
    }

    @Test(arguments: ["1.1.1.1", "8.8.8.8", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0",
                      "192.169.0.1", "223.255.255.255", "2606:4700::1111", "::ffff:8.8.8.8", "2a00:1450::1"])
    func publicAddressesAreAllowed(text: String) throws {
        let address = try #require(IPAddress(text))
        #expect(!address.isSpecialPurpose)
        #expect(AddressPolicy.publicOnly.allows(address, host: nil))
    }

    @Test func theSettingListsHostsAndRanges() throws {
        let policy = try AddressPolicy(allowing: " 127.0.0.1, 10.1.0.0/16 ,Images.Internal,fd00::/8")
        #expect(policy.allows(IPAddress("127.0.0.1")!, host: nil))
        #expect(!policy.allows(IPAddress("127.0.0.2")!, host: nil))
        #expect(policy.allows(IPAddress("::ffff:127.0.0.1")!, host: nil))
        #expect(policy.allows(IPAddress("10.1.200.3")!, host: nil))
        #expect(!policy.allows(IPAddress("10.2.0.1")!, host: nil))
        #expect(policy.allows(IPAddress("fd00::5")!, host: nil))
        #expect(policy.allows(IPAddress("192.168.0.1")!, host: "images.internal"))
        #expect(!policy.allows(IPAddress("192.168.0.1")!, host: "other.internal"))
        #expect(try AddressPolicy(allowing: "") == .publicOnly)
        #expect(try AddressPolicy(allowing: nil) == .publicOnly)
        for bad in ["10.0.0.0/33", "a b", "http://x", "1.2.3.4/x"] {
            #expect(throws: HTTPClientError.invalidURL, "\(bad)") { try AddressPolicy(allowing: bad) }
        }
    }

    @Test(arguments: ["127.1", "0x7f.0.0.1", "1.2.3", "01.2.3.4", "256.1.1.1", "1:2:3:4:5:6:7:8:9", "1::2::3", ":::", "g::1"])
    func addressParsingIsStrict(text: String) {
        #expect(IPAddress(text) == nil)
    }
}
