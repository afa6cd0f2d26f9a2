package com.coursevideo.video;

import java.util.Map;

/** Changes to a video's row: the fields it sets, each to a value or to null (cleared). Fields it does not name stay as they are. */
record VideoPatch(Map<VideoField<?>, Object> changes) {
}
