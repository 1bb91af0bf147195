#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import AWS
import HTTPClient

/// Where `faceDetection` stores its output and finds its files, read once from the environment at init.
///
/// | variable | meaning | default |
/// |---|---|---|
/// | `BUCKET` | the bucket the marked images and thumbnails go to | required |
/// | `OUTPUT_PREFIX` | key prefix of the marked images | `tmp/` |
/// | `THUMBNAIL_PREFIX` | key prefix of the thumbnails | `thumbs/` |
/// | `OUTPUT_DOMAIN` | host (or `https://host`) of the URLs returned | the bucket's regional S3 domain |
/// | `CASCADE_PATH` | the Haar cascade XML | see ``cascadePath`` |
/// | `IMAGE_URL_ALLOW` | hosts, addresses and CIDR ranges image URLs may reach although private or loopback | none |
///
/// Empty values count as unset, as the shell's `${OUTPUT_PREFIX:-tmp/}` does.
public struct FaceDetectionSettings: Sendable, Equatable {
    /// The bucket results are stored in.
    public var bucket: String
    /// Key prefix of the marked images, `tmp/` by default (where `purgeBucketByPrefix` cleans up).
    public var outputPrefix: String
    /// Key prefix of the thumbnails, `thumbs/` by default; never the same as ``outputPrefix``.
    public var thumbnailPrefix: String
    /// The start of every URL returned, e.g. `https://my-bucket.s3.eu-west-1.amazonaws.com`, no trailing `/`;
    /// `<LAMBDA_LOCAL_S3_URL>/<bucket>` (path style) when lambda-local runs the function against a local S3.
    public var outputBase: String
    /// The cascade file: `CASCADE_PATH`, else `$LAMBDA_TASK_ROOT/haarcascade_frontalface_alt.xml` if it
    /// exists, else Debian's `/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt.xml`.
    public var cascadePath: String
    /// ImageMagick's coder modules and configuration inside the function's zip, when it carries them.
    public var imageMagickPaths: ImageMagickPaths?
    /// Where image URLs may lead: public addresses, plus what `IMAGE_URL_ALLOW` lists (comma-separated host
    /// names, addresses and CIDR ranges, e.g. `127.0.0.1` for a test server or `10.1.0.0/16` for a VPC).
    public var imageAddressPolicy: AddressPolicy

    /// The cascade's file name, in the zip's root and in Debian's `opencv-data`.
    public static let cascadeFileName = "haarcascade_frontalface_alt.xml"
    /// Where Debian's `opencv-data` installs the cascade.
    public static let systemCascadePath = "/usr/share/opencv4/haarcascades/" + cascadeFileName

    /// ImageMagick's folders in a function's zip: `imagemagick/coders` and `imagemagick/config`.
    public struct ImageMagickPaths: Sendable, Equatable {
        /// The coder modules (`jpeg.la`, `jpeg.so`, …), for `MAGICK_CODER_MODULE_PATH`.
        public var coders: String
        /// The configuration XML (`policy.xml`, `magic.xml`, …), for `MAGICK_CONFIGURE_PATH`.
        public var config: String
    }

    /// Reads the settings, looking for the cascade and ImageMagick's folders under `LAMBDA_TASK_ROOT`.
    /// - Parameter environment: The function's environment.
    /// - Throws: ``FaceDetectionHandlerError/invalidConfiguration`` without a bucket or with an invalid
    ///   name, with clashing prefixes, or without a region to derive the output domain from.
    public init(environment: [String: String]) throws(FaceDetectionHandlerError) {
        let value = { (name: String) in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        guard let bucket = value("BUCKET") else {
            throw .invalidConfiguration.with(message: "BUCKET is not set: name the bucket the marked images go to")
        }
        do {
            try S3Client.validateBucketName(bucket)
        } catch {
            throw .invalidConfiguration.with(message: "BUCKET: \(error)")
        }
        self.bucket = bucket
        outputPrefix = value("OUTPUT_PREFIX") ?? "tmp/"
        thumbnailPrefix = value("THUMBNAIL_PREFIX") ?? "thumbs/"
        guard outputPrefix != thumbnailPrefix else {
            throw .invalidConfiguration.with(
                message: "OUTPUT_PREFIX and THUMBNAIL_PREFIX are both '\(outputPrefix)': thumbnails would overwrite the images")
        }

        if let local = value("LAMBDA_LOCAL_S3_URL") {
            // Set by lambda-local when the stack's S3 is local: AWS's domain (or a CDN) holds nothing of this run.
            var base = Substring(local)
            while base.hasSuffix("/") { base = base.dropLast() }
            outputBase = "\(base)/\(bucket)"
        } else if let domain = value("OUTPUT_DOMAIN") {
            var base = Substring(domain)
            while base.hasSuffix("/") { base = base.dropLast() }
            let lowered = base.lowercased()
            outputBase = lowered.hasPrefix("https://") || lowered.hasPrefix("http://") ? String(base) : "https://\(base)"
        } else if let region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") {
            let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
            outputBase = "https://\(bucket).s3.\(region).\(suffix)"
        } else {
            throw .invalidConfiguration.with(message: "set OUTPUT_DOMAIN, or AWS_REGION for the bucket's S3 domain")
        }

        do {
            imageAddressPolicy = try AddressPolicy(allowing: value("IMAGE_URL_ALLOW"))
        } catch {
            throw .invalidConfiguration.with(message: "IMAGE_URL_ALLOW: \(error.message)")
        }

        let taskRoot = value("LAMBDA_TASK_ROOT").map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        if let path = value("CASCADE_PATH") {
            cascadePath = path
        } else if let taskRoot, Self.fileType("\(taskRoot)/\(Self.cascadeFileName)") == S_IFREG {
            cascadePath = "\(taskRoot)/\(Self.cascadeFileName)"
        } else {
            cascadePath = Self.systemCascadePath
        }
        if let taskRoot, Self.fileType("\(taskRoot)/imagemagick/coders") == S_IFDIR,
           Self.fileType("\(taskRoot)/imagemagick/config") == S_IFDIR {
            imageMagickPaths = ImageMagickPaths(coders: "\(taskRoot)/imagemagick/coders", config: "\(taskRoot)/imagemagick/config")
        } else {
            imageMagickPaths = nil
        }
    }

    /// The URL of a stored key: ``outputBase``, then the key percent-encoded (`/` kept).
    /// - Parameter key: The object key.
    /// - Returns: The URL.
    public func url(forKey key: String) -> String {
        outputBase + "/" + URIEncoding.encode(key, keepingSlash: true)
    }

    /// The type bits of a path's `stat` (following links), or 0 when it does not exist.
    private static func fileType(_ path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }
}

extension FaceDetectionSettings.ImageMagickPaths {
    /// Points ImageMagick at these folders by setting `MAGICK_CODER_MODULE_PATH` and `MAGICK_CONFIGURE_PATH`.
    ///
    /// Call before the first image is decoded: ImageMagick reads the variables when it initialises.
    /// Values already set in the environment are kept, so a function's configuration can override them.
    public func apply() {
        setenv("MAGICK_CODER_MODULE_PATH", coders, 0)
        setenv("MAGICK_CONFIGURE_PATH", config, 0)
    }
}
