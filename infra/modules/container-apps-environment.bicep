// The Container Apps environment: a consumption profile for the web host and CPU workers, and a serverless GPU
// profile for the CUDA worker. Container logs go to Log Analytics.
param location string
param tags object
param name string
param logAnalyticsName string
@description('Serverless GPU workload profile type: Consumption-GPU-NC8as-T4 or Consumption-GPU-NC24-A100.')
param gpuProfileType string

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsName
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logAnalytics.properties.customerId
        sharedKey: logAnalytics.listKeys().primarySharedKey
      }
    }
    workloadProfiles: [
      { name: 'Consumption', workloadProfileType: 'Consumption' }
      { name: 'gpu', workloadProfileType: gpuProfileType }
    ]
  }
}

output id string = environment.id
output name string = environment.name
output defaultDomain string = environment.properties.defaultDomain
