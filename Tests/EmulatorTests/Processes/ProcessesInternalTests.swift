import Foundation
import Testing

@testable import LambdaEmulator

/// Processes: how exits are worded.
@Suite struct ProcessesInternalTests {
    @Test func exitStatusesAreWordedAsLambdaWordsThem() {
        #expect(FunctionProcess.Termination(status: 3 << 8).description == "exit status 3")
        #expect(FunctionProcess.Termination(status: SIGKILL).description == "signal: killed")
        #expect(FunctionProcess.Termination(status: SIGSEGV).description == "signal: segmentation fault")
    }
}
