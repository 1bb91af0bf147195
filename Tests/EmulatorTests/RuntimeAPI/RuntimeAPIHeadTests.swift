import Foundation
import NIOCore
import NIOPosix
import Testing

@testable import LambdaEmulator

/// Runtime API request heads up to 1 MiB, as Lambda takes them: AWS's runtime client sends the X-Ray cause of an
/// error as a header, and a deep stack makes it large.
@Suite struct RuntimeAPIHeadTests {
    @Test func awslambdaricsDeepRecursionArrivesAsRecursionError() async throws {
        let logs = LogCollector()
        let lambda = LocalLambda(
            functions: [Fixtures.python("recurse", handler: "handler.recurse")], configuration: configuration(logs))
        let result = try await lambda.invoke("recurse", request: .json("{}"))
        await lambda.shutdown()
        #expect(result.errorType == "RecursionError", "\(result.text.prefix(300))")
        #expect(result.json["errorMessage"] as? String == "maximum recursion depth exceeded")
        #expect(!result.logLines.contains { $0.contains("Runtime.ExitError") })
        #expect(lambda.instancesStarted("recurse") == 1)
    }

    /// A head of one 900 KB header through a Runtime API server, and through a server with the public limit.
    @Test func runtimeAPIServersTakeHeadsUpToOneMebibyte() async throws {
        func serve(_ policy: ServerPolicy) async throws -> HTTPServer {
            try await HTTPServer.start(
                host: "127.0.0.1", port: 0, maxBodySize: 1024, policy: policy, group: MultiThreadedEventLoopGroup.singleton
            ) { request, loop in
                let size = request.head.headers.first(name: "Lambda-Runtime-Function-XRay-Error-Cause")?.utf8.count ?? 0
                return loop.makeSucceededFuture(ServerResponse(status: .accepted, body: ByteBuffer(string: String(size))))
            }
        }
        // Prints the status line and body, or "reset" when the server closed with the head's rest unread.
        let script = """
            import socket, sys
            port, size = int(sys.argv[1]), int(sys.argv[2])
            s = socket.create_connection(("127.0.0.1", port))
            data = b""
            try:
                s.sendall(b"POST /2018-06-01/runtime/invocation/r/error HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 0\\r\\n"
                    + b"Lambda-Runtime-Function-XRay-Error-Cause: " + b"c" * size + b"\\r\\n\\r\\n")
                while not data.endswith(b"\\r\\n\\r\\n" + str(size).encode()):
                    chunk = s.recv(65536)
                    if not chunk: break
                    data += chunk
            except (ConnectionResetError, BrokenPipeError):
                data = data or b"reset"
            head, _, body = data.partition(b"\\r\\n\\r\\n")
            print(head.split(b"\\r\\n")[0].decode(), body.decode())
            """
        let runtimeAPI = try await serve(.runtimeAPI)
        let publicFront = try await serve(ServerPolicy())
        let big = try await LambdaEmulatorTests.run(["python3", "-c", script, String(runtimeAPI.port), "900000"])
        let tooBig = try await LambdaEmulatorTests.run(["python3", "-c", script, String(runtimeAPI.port), "1100000"])
        let overPublic = try await LambdaEmulatorTests.run(["python3", "-c", script, String(publicFront.port), "100000"])
        await runtimeAPI.shutdown()
        await publicFront.shutdown()
        #expect(big.output == "HTTP/1.1 202 Accepted 900000\n", "\(big.error)")
        for refused in [tooBig, overPublic] {
            #expect(refused.output.hasPrefix("HTTP/1.1 400 Bad Request") || refused.output.hasPrefix("reset"), "\(refused)")
        }
    }
}
