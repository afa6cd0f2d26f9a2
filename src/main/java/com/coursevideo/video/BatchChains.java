package com.coursevideo.video;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A batch's items grouped so that it can be written as if one item after another: items that
 * share a key, directly or through other items, form one chain, in input order; separate chains
 * cannot conflict, so they may be written at the same time.
 */
final class BatchChains {

    private BatchChains() {
    }

    /** The chains of items {@code 0..count-1}, each in input order, chains in the order of their first item. */
    static List<List<Integer>> of(int count, Function<Integer, List<String>> keysOf) {
        int[] parent = new int[count];
        for (int i = 0; i < count; i++) {
            parent[i] = i;
        }
        Map<String, Integer> firstWithKey = new HashMap<>();
        for (int i = 0; i < count; i++) {
            for (String key : keysOf.apply(i)) {
                Integer earlier = firstWithKey.putIfAbsent(key, i);
                if (earlier != null) {
                    join(parent, earlier, i);
                }
            }
        }
        Map<Integer, List<Integer>> chains = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            chains.computeIfAbsent(root(parent, i), root -> new ArrayList<>()).add(i);
        }
        return new ArrayList<>(chains.values());
    }

    private static void join(int[] parent, int a, int b) {
        int rootA = root(parent, a);
        int rootB = root(parent, b);
        if (rootA != rootB) {
            parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
        }
    }

    private static int root(int[] parent, int item) {
        while (parent[item] != item) {
            parent[item] = parent[parent[item]];
            item = parent[item];
        }
        return item;
    }
}
