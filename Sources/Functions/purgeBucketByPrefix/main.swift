import LambdaRuntime
import PurgeBucketHandler

LambdaRuntime.run { try PurgeBucketHandler() }
