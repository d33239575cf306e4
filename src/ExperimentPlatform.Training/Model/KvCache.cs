using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Model;

/// <summary>
/// Keys and values of every layer for the tokens seen so far, so generating one more token runs the model on that
/// token alone. Tensors live outside any dispose scope and are freed when replaced or when the cache is disposed.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly LayerCache[] _layers;

    public KvCache(int layers) => _layers = [.. Enumerable.Range(0, layers).Select(_ => new LayerCache())];

    /// <summary>Tokens cached so far.</summary>
    public int Length => _layers[0].Length;

    public LayerCache this[int layer] => _layers[layer];

    public void Dispose()
    {
        foreach (var layer in _layers)
            layer.Dispose();
    }

    public sealed class LayerCache : IDisposable
    {
        private Tensor? _keys;
        private Tensor? _values;

        public int Length => _keys is null ? 0 : (int)_keys.shape[2];

        /// <summary>Appends this step's keys and values (B, nh, T, hs) and returns all of them.</summary>
        public (Tensor Keys, Tensor Values) Append(Tensor keys, Tensor values)
        {
            var allKeys = _keys is null ? keys.alias() : cat([_keys, keys], 2);
            var allValues = _values is null ? values.alias() : cat([_values, values], 2);
            _keys?.Dispose();
            _values?.Dispose();
            _keys = allKeys.detach().DetachFromDisposeScope();
            _values = allValues.detach().DetachFromDisposeScope();
            return (_keys, _values);
        }

        public void Dispose()
        {
            _keys?.Dispose();
            _values?.Dispose();
            _keys = _values = null;
        }
    }
}
