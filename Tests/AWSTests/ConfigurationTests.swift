import AWS
import Foundation
import Testing

@Suite("Configuration from the environment")
struct ConfigurationTests {
    static let base = ["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": "eu-west-1"]

    @Test func readsCredentialsAndRegion() throws {
        var environment = Self.base
        environment["AWS_SESSION_TOKEN"] = "token"
        let credentials = try AWSCredentials(environment: environment)
        #expect(credentials == AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret", sessionToken: "token"))
        let configuration = try S3Client.Configuration(environment: environment)
        #expect(configuration.region == "eu-west-1")
        #expect(configuration.endpoint == nil)
        #expect(configuration.addressingStyle == .virtualHosted)
    }

    @Test func emptySessionTokenMeansNone() throws {
        var environment = Self.base
        environment["AWS_SESSION_TOKEN"] = ""
        #expect(try AWSCredentials(environment: environment).sessionToken == nil)
    }

    @Test func fallsBackToDefaultRegionAndGenericEndpoint() throws {
        var environment = Self.base
        environment["AWS_REGION"] = nil
        environment["AWS_DEFAULT_REGION"] = "ap-south-1"
        environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:5000/"
        let configuration = try S3Client.Configuration(environment: environment)
        #expect(configuration.region == "ap-south-1")
        #expect(configuration.endpoint == "http://127.0.0.1:5000")
        #expect(configuration.addressingStyle == .path)
        environment["AWS_ENDPOINT_URL_S3"] = "https://s3.local:9000"
        #expect(try S3Client.Configuration(environment: environment).endpoint == "https://s3.local:9000")
    }

    @Test(arguments: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"])
    func missingCredentialsAreReported(variable: String) {
        var environment = Self.base
        environment[variable] = nil
        #expect(throws: AWSClientError.missingCredentials) { try AWSCredentials(environment: environment) }
        #expect(throws: AWSClientError.missingCredentials) { try S3Client(environment: environment) }
    }

    @Test func missingRegionIsReported() {
        var environment = Self.base
        environment["AWS_REGION"] = nil
        #expect(throws: AWSClientError.missingRegion) { try S3Client.Configuration(environment: environment) }
    }

    @Test(arguments: ["localhost:5000", "ftp://host", "http://", "http://host/path", "http://user@host", "http://host?x"])
    func invalidEndpointsAreReported(endpoint: String) {
        var environment = Self.base
        environment["AWS_ENDPOINT_URL_S3"] = endpoint
        #expect(throws: AWSClientError.invalidEndpoint) { try S3Client.Configuration(environment: environment) }
    }
}

@Suite("UTCTime")
struct UTCTimeTests {
    @Test func roundTripsDates() {
        for seconds in [0, 951_782_400, 1_440_938_160, 4_102_444_799, -86_400] {
            let date = Date(timeIntervalSince1970: Double(seconds))
            #expect(UTCTime(date).date == date)
        }
        let leapDay = UTCTime(Date(timeIntervalSince1970: 951_782_400))  // 2000-02-29
        #expect(leapDay == UTCTime(year: 2000, month: 2, day: 29))
    }

    @Test func parsesS3Timestamps() {
        #expect(UTCTime(iso8601: "2015-08-30T12:36:00.000Z") == UTCTime(year: 2015, month: 8, day: 30, hour: 12, minute: 36))
        #expect(UTCTime(iso8601: "2015-08-30T12:36:00Z") != nil)
        #expect(UTCTime(compact: "20150830123600") == UTCTime(year: 2015, month: 8, day: 30, hour: 12, minute: 36))
    }

    @Test(arguments: ["2015-08-30T12:36:00", "2015-08-30 12:36:00Z", "2015-02-30T00:00:00Z", "2015-08-30T24:00:00Z",
                      "2015-08-30T12:36:00.Z", "2015-8-30T12:36:00.000Z", "+015-08-30T12:36:00Z"])
    func refusesBadISO8601(text: String) {
        #expect(UTCTime(iso8601: text) == nil)
    }

    @Test(arguments: ["2015083012360", "201508301236000", "20151301000000", "20150230000000", "20150101240000",
                      "20150101006000", "2015010100000x", "+0150101000000"])
    func refusesBadCompactTimestamps(text: String) {
        #expect(UTCTime(compact: text) == nil)
    }
}
