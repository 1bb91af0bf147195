#!/usr/bin/python3
"""Test oracle only (never a project dependency): OpenCV 4.6's detectMultiScale on generated images.

Usage: opencv_oracle.py SHARED_IMAGES_DIR OUTPUT_DIR
Writes OUTPUT_DIR/<name>.gray (8-bit gray, row by row) and OUTPUT_DIR/manifest.json listing, per image,
its size, the detection parameters and OpenCV's boxes for several cascades (frontalface_alt grouped and
raw, alt2 with small trees, default). Variants are deterministic: crops, scales, rotations, noise,
contrast changes and synthetic noise fields of the shared reference images.
"""
import json
import os
import sys

import cv2
import numpy as np

CASCADES = "/usr/share/opencv4/haarcascades"


def variants(images):
    rng = np.random.default_rng(6)

    def gray(name):
        return cv2.cvtColor(cv2.imread(os.path.join(images, name), cv2.IMREAD_COLOR), cv2.COLOR_BGR2GRAY)

    def rotate(img, degrees):
        h, w = img.shape
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
        return cv2.warpAffine(img, matrix, (w, h), borderMode=cv2.BORDER_REFLECT)

    def noisy(img, sigma):
        return np.clip(img.astype(np.float64) + rng.normal(0, sigma, img.shape), 0, 255).astype(np.uint8)

    def scaled(img, factor):
        h, w = img.shape
        return cv2.resize(img, (max(1, round(w * factor)), max(1, round(h * factor))), interpolation=cv2.INTER_AREA)

    astronaut, hopper, grace = gray("skimage_astronaut.png"), gray("pillow_hopper.jpg"), gray("mpl_grace_hopper.jpg")
    camera = gray("skimage_camera.png")
    yield "astronaut_crop", scaled(astronaut[20:300, 120:360], 0.8), (1.1, 5, 30)
    yield "astronaut_crop_offset", astronaut[37:233, 141:317], (1.1, 5, 30)
    yield "astronaut_contrast", scaled(np.clip(astronaut * 0.6 + 60, 0, 255).astype(np.uint8), 0.45), (1.1, 5, 30)
    yield "grace_small", scaled(grace, 0.4), (1.1, 5, 30)
    yield "grace_noise", noisy(scaled(grace, 0.33), 10), (1.1, 3, 24)
    yield "hopper_rot_plus8", rotate(hopper, 8), (1.1, 5, 30)
    yield "hopper_rot_minus12", rotate(hopper, -12), (1.05, 4, 20)
    yield "hopper_upscaled", cv2.resize(hopper, (181, 181), interpolation=cv2.INTER_LINEAR), (1.2, 2, 40)
    yield "astronaut_crop_noise", noisy(astronaut[10:210, 110:350], 6), (1.1, 5, 30)
    yield "camera_crop", camera[0:240, 100:340], (1.1, 1, 20)
    yield "noise_field", rng.integers(0, 256, (150, 200), dtype=np.uint8), (1.1, 5, 30)
    yield "blobs", scaled(cv2.GaussianBlur(rng.integers(0, 256, (240, 240), dtype=np.uint8), (0, 0), 3), 1.0), (1.1, 1, 25)


def main():
    images, output = sys.argv[1], sys.argv[2]
    cv2.ocl.setUseOpenCL(False)
    classifiers = {name: cv2.CascadeClassifier(f"{CASCADES}/haarcascade_frontalface_{name}.xml")
                   for name in ("alt", "alt2", "default")}
    manifest = []
    for name, img, (scale_factor, min_neighbors, min_size) in variants(images):
        img = np.ascontiguousarray(img)
        with open(os.path.join(output, f"{name}.gray"), "wb") as file:
            file.write(img.tobytes())

        def boxes(cascade, neighbors):
            found = classifiers[cascade].detectMultiScale(img, scaleFactor=scale_factor, minNeighbors=neighbors,
                                                          minSize=(min_size, min_size))
            return sorted([int(v) for v in box] for box in found)

        manifest.append({
            "name": name, "width": int(img.shape[1]), "height": int(img.shape[0]),
            "scaleFactor": scale_factor, "minNeighbors": min_neighbors, "minSize": min_size,
            "boxes": {
                "alt": boxes("alt", min_neighbors), "alt_raw": boxes("alt", 0),
                "alt2": boxes("alt2", min_neighbors), "default": boxes("default", min_neighbors),
            },
        })
    with open(os.path.join(output, "manifest.json"), "w") as file:
        json.dump(manifest, file)


if __name__ == "__main__":
    main()
