// ExperimentPlatform on Azure Container Apps, for `azd up` (azure.yaml at the repository root): a resource group with
// storage (tables, blobs; no shared keys), a managed identity with exactly its data-plane roles, a container registry,
// Log Analytics + Application Insights, and a Container Apps environment running the web host, CPU workers and a
// serverless-GPU worker that scales to zero. See docs/deploy.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; names and tags every resource.')
param environmentName string

@minLength(1)
@description('Region for every resource (one with serverless GPUs for the GPU worker, e.g. westus3, swedencentral).')
param location string

@description('Object id of the user running azd, granted the same storage roles as the hosts (empty: none).')
param principalId string = ''

@description('Images azd deployed (set by azd; empty on the first provision).')
param webImageName string = ''
param workerImageName string = ''
param workerGpuImageName string = ''

@description('What runs until the first azd deploy replaces it: a public image name (no registry host).')
param placeholderImage string = 'nginx:stable'

@allowed(['Consumption-GPU-NC8as-T4', 'Consumption-GPU-NC24-A100'])
@description('Serverless GPU of the GPU worker.')
param gpuProfileType string = 'Consumption-GPU-NC8as-T4'

@minValue(0)
@maxValue(10)
@description('GPU workers kept running: 0 scales the GPU pool to zero (billed only while a replica runs).')
param gpuMinReplicas int = 0

@minValue(0)
@maxValue(10)
param gpuMaxReplicas int = 1

@minValue(1)
@maxValue(30)
param cpuWorkerReplicas int = 1

@description('Slots (concurrent runs) per CPU worker.')
param cpuWorkerSlots int = 1

@description('Entra ID: the tenant that signs callers in (empty: this subscription\'s tenant).')
param authTenantId string = ''

@description('Entra ID: the API\'s application (client) id or application id URI, which bearer tokens must be issued for.')
param authAudience string

@description('Entra ID: the token claim that names the caller.')
param authNameClaim string = 'preferred_username'

@description('The first Admin: the caller name (e.g. your user principal name) granted Admin from configuration; empty: none (grant roles from an Admin).')
param adminActor string = ''

var abbreviations = {
  resourceGroup: 'rg-'
  identity: 'id-'
  storage: 'st'
  registry: 'cr'
  logAnalytics: 'log-'
  applicationInsights: 'appi-'
  environment: 'cae-'
  containerApp: 'ca-'
}
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var authTenant = empty(authTenantId) ? tenant().tenantId : authTenantId

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbreviations.resourceGroup}${environmentName}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: group
  params: {
    location: location
    tags: tags
    logAnalyticsName: '${abbreviations.logAnalytics}${resourceToken}'
    applicationInsightsName: '${abbreviations.applicationInsights}${resourceToken}'
  }
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: group
  params: {
    location: location
    tags: tags
    name: '${abbreviations.identity}${resourceToken}'
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: group
  params: {
    location: location
    tags: tags
    name: '${abbreviations.storage}${resourceToken}'
    identityPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  scope: group
  params: {
    location: location
    tags: tags
    name: '${abbreviations.registry}${resourceToken}'
    identityPrincipalId: identity.outputs.principalId
  }
}

module environment 'modules/container-apps-environment.bicep' = {
  name: 'container-apps-environment'
  scope: group
  params: {
    location: location
    tags: tags
    name: '${abbreviations.environment}${resourceToken}'
    logAnalyticsName: monitoring.outputs.logAnalyticsName
    gpuProfileType: gpuProfileType
  }
}

// What every host reads: storage by endpoint (managed identity, no key) and the cluster's identity (telemetry: the module).
var cluster = [
  { name: 'Storage__BlobServiceUri', value: storage.outputs.blobEndpoint }
  { name: 'Storage__TableServiceUri', value: storage.outputs.tableEndpoint }
  { name: 'Orleans__ClusterId', value: environmentName }
  { name: 'Orleans__ServiceId', value: 'experiment-platform' }
  { name: 'Orleans__AdvertisedIP', value: 'auto' }
  { name: 'Orleans__ListenOnAnyHostAddress', value: 'true' }
]
var admin = empty(adminActor) ? [] : [
  { name: 'Roles__Grants__0__Actor', value: adminActor }
  { name: 'Roles__Grants__0__Roles__0', value: 'Admin' }
]

module web 'modules/container-app.bicep' = {
  name: 'web'
  scope: group
  params: {
    location: location
    tags: tags
    name: '${abbreviations.containerApp}web-${resourceToken}'
    serviceName: 'web'
    environmentId: environment.outputs.id
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    registryLoginServer: registry.outputs.loginServer
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    imageName: webImageName
    placeholderImage: placeholderImage
    cpu: '1.0'
    memory: '2Gi'
    minReplicas: 1
    maxReplicas: 3
    external: true
    targetPort: 8080
    stickySessions: true
    env: concat(cluster, admin, [
      { name: 'Silo__Role', value: 'control' }
      { name: 'Authentication__Mode', value: 'EntraId' }
      { name: 'Authentication__Authority', value: '${az.environment().authentication.loginEndpoint}${authTenant}/v2.0' }
      { name: 'Authentication__Audience', value: authAudience }
      { name: 'Authentication__NameClaim', value: authNameClaim }
    ])
  }
}

module worker 'modules/container-app.bicep' = {
  name: 'worker'
  scope: group
  params: {
    location: location
    tags: tags
    name: '${abbreviations.containerApp}worker-${resourceToken}'
    serviceName: 'worker'
    environmentId: environment.outputs.id
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    registryLoginServer: registry.outputs.loginServer
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    imageName: workerImageName
    placeholderImage: placeholderImage
    cpu: '2.0'
    memory: '4Gi'
    minReplicas: cpuWorkerReplicas
    maxReplicas: cpuWorkerReplicas
    external: false
    targetPort: 8081
    env: concat(cluster, admin, [
      { name: 'Silo__Role', value: 'worker' }
      { name: 'Silo__Accelerator', value: 'cpu' }
      { name: 'Silo__Slots', value: string(cpuWorkerSlots) }
    ])
  }
}

module workerGpu 'modules/container-app.bicep' = {
  name: 'worker-gpu'
  scope: group
  params: {
    location: location
    tags: tags
    name: '${abbreviations.containerApp}gpu-${resourceToken}'
    serviceName: 'worker-gpu'
    environmentId: environment.outputs.id
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    registryLoginServer: registry.outputs.loginServer
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    imageName: workerGpuImageName
    placeholderImage: placeholderImage
    workloadProfileName: 'gpu'
    cpu: gpuProfileType == 'Consumption-GPU-NC24-A100' ? '24.0' : '8.0'
    memory: gpuProfileType == 'Consumption-GPU-NC24-A100' ? '220Gi' : '56Gi'
    minReplicas: gpuMinReplicas
    maxReplicas: gpuMaxReplicas
    external: false
    targetPort: 8081
    env: concat(cluster, admin, [
      { name: 'Silo__Role', value: 'worker' }
      { name: 'Silo__Accelerator', value: 'cuda' }
      { name: 'Silo__Slots', value: '1' }
    ])
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = group.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = environment.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_LOG_ANALYTICS_NAME string = monitoring.outputs.logAnalyticsName
output AZURE_APPLICATION_INSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output SERVICE_WEB_NAME string = web.outputs.name
output SERVICE_WEB_URI string = 'https://${web.outputs.fqdn}'
output SERVICE_WORKER_NAME string = worker.outputs.name
output SERVICE_WORKER_GPU_NAME string = workerGpu.outputs.name
output RESOURCE_TOKEN string = resourceToken
