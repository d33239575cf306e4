// One platform host as a container app: the image azd deploys, run as the managed identity (which pulls it), with
// the platform's configuration as environment variables, a health probe on /health/live and /health/ready, and the
// Orleans silo and gateway ports reachable inside the environment only.
param location string
param tags object
param name string
@description('The azure.yaml service this app deploys (azd finds the app by this tag).')
param serviceName string
param environmentId string
param identityId string
param identityClientId string
param registryLoginServer string
@description('Application Insights the host exports its telemetry to.')
param applicationInsightsName string
@description('The image azd deployed; empty on the first provision, before any image exists.')
param imageName string = ''
@description('What runs until azd deploys the real image (a public image name; the platform image replaces it).')
param placeholderImage string
param workloadProfileName string = 'Consumption'
param cpu string
param memory string
param minReplicas int
param maxReplicas int
@description('True: reachable from the internet (the web host); false: inside the environment only.')
param external bool
param targetPort int
@description('Blazor Server keeps a circuit per browser: keep each client on one replica.')
param stickySessions bool = false
param env array

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: workloadProfileName
    configuration: {
      activeRevisionsMode: 'Single'
      registries: [
        { server: registryLoginServer, identity: identityId }
      ]
      ingress: {
        external: external
        targetPort: targetPort
        transport: 'auto'
        allowInsecure: false
        stickySessions: { affinity: stickySessions ? 'sticky' : 'none' }
        additionalPortMappings: [
          { external: false, targetPort: 11111, exposedPort: 11111 }
          { external: false, targetPort: 30000, exposedPort: 30000 }
        ]
      }
    }
    template: {
      containers: [
        {
          name: serviceName
          image: empty(imageName) ? placeholderImage : imageName
          resources: { cpu: json(cpu), memory: memory }
          env: union(env, [
            { name: 'AZURE_CLIENT_ID', value: identityClientId }
            { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsights.properties.ConnectionString }
          ])
          probes: [
            { type: 'Liveness', httpGet: { path: '/health/live', port: targetPort }, periodSeconds: 10, failureThreshold: 3, initialDelaySeconds: 20 }
            { type: 'Readiness', httpGet: { path: '/health/ready', port: targetPort }, periodSeconds: 5, failureThreshold: 3, initialDelaySeconds: 10 }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
      }
    }
  }
}

output name string = app.name
output fqdn string = app.properties.configuration.ingress.fqdn
