using Orleans.Runtime;

namespace ExperimentPlatform.Web.Tests.Ui;

/// <summary>
/// A cluster for component tests: the real typed client (<c>PlatformClient</c>) over it, and in-memory grains that
/// answer the calls a component makes. A grain no test registered throws, as an unreachable one would.
/// </summary>
public sealed class FakeCluster : IClusterClient
{
    private readonly Dictionary<Type, Func<object, object>> _grains = [];

    public IServiceProvider ServiceProvider => throw new NotSupportedException("components reach grains through the typed client only");

    /// <summary>Answers <typeparamref name="TGrain"/> for any key with what <paramref name="grain"/> makes of the key.</summary>
    public FakeCluster With<TGrain>(Func<object, TGrain> grain) where TGrain : IGrain
    {
        _grains[typeof(TGrain)] = key => grain(key)!;
        return this;
    }

    public FakeCluster With<TGrain>(TGrain grain) where TGrain : IGrain => With<TGrain>(_ => grain);

    private TGrain Get<TGrain>(object key) =>
        _grains.TryGetValue(typeof(TGrain), out var make)
            ? (TGrain)make(key)
            : throw new SiloUnavailableException($"no silo answers for {typeof(TGrain).Name} in this test");

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithGuidKey => Get<TGrainInterface>(primaryKey);
    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithIntegerKey => Get<TGrainInterface>(primaryKey);
    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithStringKey => Get<TGrainInterface>(primaryKey);
    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithGuidCompoundKey => Get<TGrainInterface>(primaryKey);
    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithIntegerCompoundKey => Get<TGrainInterface>(primaryKey);
    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IAddressable => throw new NotSupportedException();
    public TGrainObserverInterface CreateObjectReference<TGrainObserverInterface>(IGrainObserver obj) where TGrainObserverInterface : IGrainObserver => throw new NotSupportedException();
    public void DeleteObjectReference<TGrainObserverInterface>(IGrainObserver obj) where TGrainObserverInterface : IGrainObserver => throw new NotSupportedException();
    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey) => throw new NotSupportedException();
    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey) => throw new NotSupportedException();
    public IGrain GetGrain(Type grainInterfaceType, string grainPrimaryKey) => throw new NotSupportedException();
    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey, string keyExtension) => throw new NotSupportedException();
    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey, string keyExtension) => throw new NotSupportedException();
    public IAddressable GetGrain(GrainId grainId) => throw new NotSupportedException();
    public IAddressable GetGrain(GrainId grainId, GrainInterfaceType interfaceType) => throw new NotSupportedException();
    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey, string grainClassNamePrefix) => throw new NotSupportedException();
    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey) => throw new NotSupportedException();
}
