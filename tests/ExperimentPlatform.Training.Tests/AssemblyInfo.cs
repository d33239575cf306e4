// Models draw their initial weights from libtorch's process-wide generator; tests seed it and must not interleave.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
