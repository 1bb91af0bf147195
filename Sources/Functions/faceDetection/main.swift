import FaceDetectionHandler
import LambdaRuntime

LambdaRuntime.run { try FaceDetectionHandler() }
