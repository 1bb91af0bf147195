import FoundationEssentials
import Logging

/// What Lambda tells a function about one invocation, plus a logger that tags lines with its request id.
public struct LambdaContext: Sendable {
    /// The request id (`Lambda-Runtime-Aws-Request-Id`).
    public let requestID: String
    /// When the invocation times out, in milliseconds since the Unix epoch (`Lambda-Runtime-Deadline-Ms`).
    public let deadlineMilliseconds: Int64
    /// The ARN the function was invoked with, possibly with an alias or version.
    public let invokedFunctionARN: String
    /// The X-Ray trace header, also set as `_X_AMZN_TRACE_ID` for the invocation.
    public let traceID: String?
    /// The client context JSON of a mobile SDK caller, if any.
    public let clientContext: String?
    /// The Cognito identity JSON of the caller, if any.
    public let cognitoIdentity: String?
    /// The tenant id of a multi-tenant function, if any.
    public let tenantID: String?
    private let customLogger: Logger?
    private let logConfiguration: LogConfiguration

    /// A logger whose lines carry this request id (made on first use: most invocations never log).
    public var logger: Logger {
        if let customLogger { return customLogger }
        return Logger(label: "Lambda") { [requestID, tenantID, logConfiguration] _ in
            LambdaLogHandler(configuration: logConfiguration, requestID: requestID, tenantID: tenantID)
        }
    }

    /// Creates a context; the runtime does this for each invocation, tests may too.
    public init(
        requestID: String, deadlineMilliseconds: Int64, invokedFunctionARN: String, traceID: String? = nil,
        clientContext: String? = nil, cognitoIdentity: String? = nil, tenantID: String? = nil, logger: Logger
    ) {
        self.requestID = requestID
        self.deadlineMilliseconds = deadlineMilliseconds
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.tenantID = tenantID
        self.customLogger = logger
        self.logConfiguration = LogConfiguration(format: .text, level: logger.logLevel)
    }

    init(invocation: Invocation, logConfiguration: LogConfiguration) {
        requestID = invocation.requestID
        deadlineMilliseconds = invocation.deadlineMilliseconds
        invokedFunctionARN = invocation.invokedFunctionARN
        traceID = invocation.traceID
        clientContext = invocation.clientContext
        cognitoIdentity = invocation.cognitoIdentity
        tenantID = invocation.tenantID
        customLogger = nil
        self.logConfiguration = logConfiguration
    }

    /// The deadline as a date.
    public var deadline: Date {
        Date(timeIntervalSince1970: Double(deadlineMilliseconds) / 1000)
    }

    /// Time left before the invocation times out (negative once it has passed).
    public var remainingTime: Duration {
        .milliseconds(deadlineMilliseconds - WallClock.nowMilliseconds())
    }
}
