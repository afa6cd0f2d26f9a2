package com.coursevideo.cloudflare.budget;

/** Reaches the budget's per-replica fallback bucket from tests in other packages. */
public record CloudflareBudgetAccess(double capacity, double perSecond) {

    public Bucket bucket() {
        CloudflareBudget.LocalBucket local = new CloudflareBudget.LocalBucket(capacity, perSecond);
        return local::take;
    }

    public interface Bucket {
        long take(int leave);
    }
}
