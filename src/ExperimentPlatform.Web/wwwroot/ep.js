// The platform's own browser helpers (small on purpose: everything else is Blazor and MudBlazor).
window.ep = {
    // Calls dotnet.Visible(width) once, when the element first scrolls into view (or at once if it is in view):
    // compare's charts load their data only then, sized to the width they get.
    observeVisible(element, dotnet) {
        if (!element) return;
        const observer = new IntersectionObserver(entries => {
            for (const entry of entries) {
                if (entry.isIntersecting) {
                    observer.disconnect();
                    dotnet.invokeMethodAsync('Visible', Math.round(element.clientWidth || 800));
                }
            }
        }, { rootMargin: '200px' });
        observer.observe(element);
        element._epObserver = observer;
    },
    forget(element) {
        if (element && element._epObserver) element._epObserver.disconnect();
    },
};
