#!/usr/bin/env bash
# The tiny real HLS stream the Cloudflare fake delivers for every ready video (cloudflare/fake/FakeDelivery):
# 12 s of ffmpeg's test pattern with a tone, H.264 + AAC in fMP4 segments of 1 s, a variant playlist
# behind a master playlist (as Cloudflare's video.m3u8 is), and a JPEG thumbnail.
# Usage: make-media.sh <directory>; does nothing when the directory already holds the stream.
set -euo pipefail
out=$1
seconds=12 # long enough for the player to resume a few seconds in (it does not within 5 s of the end)
[ -f "$out/video.m3u8" ] && [ -f "$out/thumbnail.jpg" ] && [ -f "$out/.seconds-$seconds" ] && exit 0
command -v ffmpeg > /dev/null || bash "$(dirname "$0")/../../../.ci/browser-tools"
mkdir -p "$out.tmp"
ffmpeg -loglevel error -y \
    -f lavfi -i "testsrc2=size=320x180:rate=25" -f lavfi -i "sine=frequency=440:sample_rate=48000" -t "$seconds" \
    -c:v libx264 -profile:v baseline -level 3.0 -pix_fmt yuv420p -g 25 -keyint_min 25 -sc_threshold 0 \
    -c:a aac -b:a 64k -ac 2 \
    -f hls -hls_time 1 -hls_playlist_type vod -hls_segment_type fmp4 \
    -hls_fmp4_init_filename init.mp4 -hls_segment_filename "$out.tmp/segment-%d.m4s" "$out.tmp/stream.m3u8"
ffmpeg -loglevel error -y -f lavfi -i "testsrc2=size=640x360:rate=1" -frames:v 1 "$out.tmp/thumbnail.jpg"
bandwidth=$(( $(cat "$out.tmp"/segment-*.m4s | wc -c) * 8 / seconds + 1 ))
printf '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-STREAM-INF:BANDWIDTH=%s,RESOLUTION=320x180,CODECS="avc1.42c01e,mp4a.40.2"\nstream.m3u8\n' \
    "$bandwidth" > "$out.tmp/video.m3u8"
touch "$out.tmp/.seconds-$seconds"
rm -rf "$out"
mv "$out.tmp" "$out"
