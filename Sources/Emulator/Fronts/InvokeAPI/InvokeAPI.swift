import Foundation
import NIOCore
import NIOHTTP1

/// Lambda's Invoke API (`POST /2015-03-31/functions/{name}/invocations`) as botocore and the AWS CLI speak it,
/// plus `ListFunctions` and `GetFunction` so that `aws lambda list-functions` works too.
enum InvokeAPI {
    static func respond(to request: ServerRequest, lambda: LocalLambda, on loop: any EventLoop)
        -> EventLoopFuture<ServerResponse>
    {
        let promise = loop.makePromise(of: ServerResponse.self)
        respond(to: request, lambda: lambda) { promise.succeed($0) }
        return promise.futureResult
    }

    /// Answers through `reply`, which a synchronous invocation calls when the function has answered.
    private static func respond(
        to request: ServerRequest, lambda: LocalLambda, reply: @escaping @Sendable (ServerResponse) -> Void
    ) {
        let (path, query) = splitURI(request.head.uri)
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map {
            String($0).removingPercentEncoding ?? String($0)
        }
        if request.head.method == .POST, segments.count == 4, segments[0] == "2021-11-15", segments[1] == "functions",
            segments[3] == "response-streaming-invocations"
        {
            return invokeWithResponseStream(segments[2], qualifier: query["Qualifier"], request: request, lambda: lambda, reply: reply)
        }
        guard segments.count >= 2, segments[0] == "2015-03-31", segments[1] == "functions" else {
            return reply(serviceError(404, type: "UnknownOperationException", message: "Unknown operation \(request.head.method) \(path)"))
        }
        switch (request.head.method, segments.count, segments.last) {
        case (.POST, 4, "invocations"):
            invoke(segments[2], qualifier: query["Qualifier"], request: request, lambda: lambda, reply: reply)
        case (.GET, 2, _):
            let functions = lambda.functions.map { configurationJSON($0, lambda: lambda) }
            reply(json(200, ["Functions": functions]))
        case (.GET, 3, _):
            do {
                let (function, _) = try lambda.resolve(segments[2], qualifier: query["Qualifier"])
                reply(json(200, ["Configuration": configurationJSON(function, lambda: lambda)]))
            } catch {
                reply(serviceError(error))
            }
        default:
            reply(serviceError(404, type: "UnknownOperationException", message: "Unknown operation \(request.head.method) \(path)"))
        }
    }

    private static func invoke(
        _ name: String, qualifier: String?, request: ServerRequest, lambda: LocalLambda,
        reply: @escaping @Sendable (ServerResponse) -> Void
    ) {
        let headers = request.head.headers
        let type = headers.first(name: "X-Amz-Invocation-Type") ?? "RequestResponse"
        guard ["RequestResponse", "Event", "DryRun"].contains(type) else {
            return reply(serviceError(
                400, type: "InvalidParameterValueException",
                message: "Unsupported invocation type \(type); use RequestResponse, Event or DryRun"))
        }
        let logType = headers.first(name: "X-Amz-Log-Type") ?? "None"
        guard ["None", "Tail"].contains(logType) else {
            return reply(serviceError(400, type: "InvalidParameterValueException", message: "Unsupported log type \(logType); use None or Tail"))
        }
        // AWS's own emulator serves the single function of a container as `function`.
        var name = name
        if name == "function", (try? lambda.resolve(name)) == nil, lambda.functions.count == 1 {
            name = lambda.functions[0].name
        }
        guard !request.isBodyOverLimit else {
            return reply(serviceError(EmulatorError.payloadTooLarge(limit: LocalLambda.requestLimit)))
        }
        var invocation = InvocationRequest(payload: Array(buffer: request.body), qualifier: qualifier)
        invocation.traceID = headers.first(name: "X-Amzn-Trace-Id")
        if let context = headers.first(name: "X-Amz-Client-Context"), !context.isEmpty {
            guard let data = Data(base64Encoded: context), (try? JSONSerialization.jsonObject(with: data)) is [String: Any]
            else {
                return reply(serviceError(
                    400, type: "InvalidRequestContentException",
                    message: "Client context must be a valid Base64-encoded JSON object."))
            }
            invocation.clientContext = String(decoding: data, as: UTF8.self)
        }
        do {
            switch type {
            case "DryRun":
                try lambda.dryRun(name, payload: invocation.payload)
                reply(ServerResponse(status: .noContent, headers: ["x-amzn-RequestId": UUID().uuidString.lowercased()]))
            case "Event":
                let requestID = try lambda.invokeEvent(name, payload: invocation.payload)
                reply(ServerResponse(status: .accepted, headers: ["x-amzn-RequestId": requestID]))
            default:
                try lambda.submit(name, request: invocation).whenFinished { result in
                    var responseHeaders: HTTPHeaders = [
                        "Content-Type": result.contentType ?? "application/json",
                        "X-Amz-Executed-Version": result.executedVersion,
                        "x-amzn-RequestId": result.requestID,
                    ]
                    if let error = result.functionError {
                        responseHeaders.add(name: "X-Amz-Function-Error", value: error)
                    }
                    if logType == "Tail" {
                        responseHeaders.add(name: "X-Amz-Log-Result", value: Data(result.logTail).base64EncodedString())
                    }
                    reply(ServerResponse(status: .ok, headers: responseHeaders, body: ByteBuffer(bytes: result.payload)))
                }
            }
        } catch {
            reply(serviceError(error))
        }
    }

    /// `InvokeWithResponseStream`: the response as `PayloadChunk` events, then `InvokeComplete`. A streamed response
    /// is forwarded as its parts arrive from the runtime; a buffered one goes out at its end.
    private static func invokeWithResponseStream(
        _ name: String, qualifier: String?, request: ServerRequest, lambda: LocalLambda,
        reply: @escaping @Sendable (ServerResponse) -> Void
    ) {
        guard !request.isBodyOverLimit else {
            return reply(serviceError(EmulatorError.payloadTooLarge(limit: LocalLambda.requestLimit)))
        }
        let tail = request.head.headers.first(name: "X-Amz-Log-Type") == "Tail"
        let payload = InvocationRequest(payload: Array(buffer: request.body), qualifier: qualifier)
        let invocation: Invocation
        do {
            invocation = try lambda.submit(name, request: payload)
        } catch {
            return reply(serviceError(error))
        }
        let (events, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
        invocation.onStreamedChunk { bytes in
            continuation.yield(ByteBuffer(bytes: EventStreamEncoder.event(
                type: "PayloadChunk", contentType: "application/octet-stream", payload: bytes)))
        }
        reply(ServerResponse(
            status: .ok,
            headers: [
                "Content-Type": "application/vnd.amazon.eventstream", "X-Amz-Executed-Version": "$LATEST",
                "x-amzn-RequestId": invocation.requestID,
            ], stream: events))
        invocation.whenFinished { result in
            var body = ByteBuffer()
            var complete: [String: String] = [:]
            if let errorType = result.errorType {
                complete["ErrorCode"] = errorType
                complete["ErrorDetails"] = String(decoding: result.payload, as: UTF8.self)
            } else if !invocation.wasStreamedLive {
                var offset = 0
                repeat {
                    let chunk = Array(result.payload[offset..<min(offset + 65536, result.payload.count)])
                    body.writeBytes(
                        EventStreamEncoder.event(type: "PayloadChunk", contentType: "application/octet-stream", payload: chunk))
                    offset += 65536
                } while offset < result.payload.count
            }
            if tail { complete["LogResult"] = Data(result.logTail).base64EncodedString() }
            let json = (try? JSONSerialization.data(withJSONObject: complete, options: [.sortedKeys])) ?? Data()
            body.writeBytes(EventStreamEncoder.event(type: "InvokeComplete", contentType: "application/json", payload: Array(json)))
            continuation.yield(body)
            continuation.finish()
        }
    }

    private static func configurationJSON(_ function: LocalFunction, lambda: LocalLambda) -> [String: Any] {
        let definition = function.definition
        let arn = "arn:aws:lambda:\(lambda.configuration.region):\(lambda.configuration.accountID):function:\(definition.name)"
        var configuration: [String: Any] = [
            "FunctionName": definition.name, "FunctionArn": arn, "Handler": definition.handler,
            "MemorySize": definition.memorySize, "Timeout": definition.timeout, "Version": "$LATEST",
            "PackageType": "Zip", "State": "Active",
            "Environment": ["Variables": definition.environment],
        ]
        if let runtime = definition.runtime { configuration["Runtime"] = runtime }
        return configuration
    }

    static func splitURI(_ uri: String) -> (path: String, query: [String: String]) {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var query: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(keyValue[0]).removingPercentEncoding ?? String(keyValue[0])
                let value = keyValue.count == 2 ? (String(keyValue[1]).removingPercentEncoding ?? String(keyValue[1])) : ""
                query[key] = value
            }
        }
        return (String(parts[0]), query)
    }

    private static func serviceError(_ error: EmulatorError) -> ServerResponse {
        let mapped = error.serviceError
        return serviceError(mapped.status, type: mapped.type, message: mapped.message)
    }

    /// A service error as Lambda sends it: botocore reads the code from `x-amzn-ErrorType`.
    static func serviceError(_ status: Int, type: String, message: String) -> ServerResponse {
        var response = json(status, ["Type": "User", "Message": message])
        response.headers.add(name: "x-amzn-ErrorType", value: type)
        response.headers.add(name: "x-amzn-RequestId", value: UUID().uuidString.lowercased())
        return response
    }

    private static func json(_ status: Int, _ object: [String: Any]) -> ServerResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return ServerResponse(
            status: HTTPResponseStatus(statusCode: status), headers: ["Content-Type": "application/json"],
            body: ByteBuffer(bytes: data))
    }
}
