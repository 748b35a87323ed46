"""GraphQL documents the traceability API tests send."""

BATCH_FIELDS = """
fragment BatchFields on Batch {
  id lotCode status recallReason batchCodeUri standards quantity unit
  harvestDate { start end } productionDate expiryDate
  origin { province { code } commune { code } farmPlot }
  variant { id name tradeItem { gtin isInternal } }
  tradeItem { gtin isInternal }
  timeline { kind label place eventTime }
  stampCounts { generated printed activated voided }
}
"""

BATCH_CREATE = (
    """
mutation BatchCreate($input: BatchCreateInput!) {
  batchCreate(input: $input) { errors { field code message } batch { ...BatchFields } }
}"""
    + BATCH_FIELDS
)

BATCH_UPDATE = """
mutation BatchUpdate($id: ID!, $input: BatchInput!) {
  batchUpdate(id: $id, input: $input) { errors { field code message } batch { id notes farmPlot: origin { farmPlot } } }
}"""

BATCH_RECALL = """
mutation BatchRecall($id: ID!, $reason: String!) {
  batchRecall(id: $id, reason: $reason) { errors { field code message } batch { id status recallReason } }
}"""

EVENT_RECORD = """
mutation EventRecord($batchId: ID!, $input: SupplyChainEventInput!) {
  supplyChainEventRecord(batchId: $batchId, input: $input) {
    errors { field code message }
    event { id kind bizStep eventType eventTime place note document }
  }
}"""

GTIN_SET = """
mutation GtinSet($variantId: ID!, $gtin: String) {
  variantGtinSet(variantId: $variantId, gtin: $gtin) {
    errors { field code message }
    tradeItem { gtin isInternal }
  }
}"""

STAMPS_GENERATE = """
mutation StampsGenerate($variantId: ID!, $count: Int!, $batchId: ID) {
  stampsGenerate(variantId: $variantId, count: $count, batchId: $batchId) {
    errors { field code message }
    job { id requested done state progress }
  }
}"""

LABEL_JOB_CREATE = """
mutation LabelJobCreate($jobId: ID, $batchId: ID, $format: LabelFormatEnum!, $count: Int!) {
  labelJobCreate(jobId: $jobId, batchId: $batchId, format: $format, count: $count) {
    errors { field code message }
    format count stamps { serial status uri lotCode }
  }
}"""

STAMPS_ACTIVATE = """
mutation StampsActivate($batchId: ID!, $serials: [String!], $jobId: ID) {
  stampsActivate(batchId: $batchId, serials: $serials, jobId: $jobId) {
    errors { field code message }
    count
  }
}"""

STAMPS_VOID = """
mutation StampsVoid($serials: [String!], $reason: String!) {
  stampsVoid(serials: $serials, reason: $reason) { errors { field code message } count }
}"""

BATCH = (
    """
query Batch($id: ID!) {
  batch(id: $id) { ...BatchFields events(first: 20) { totalCount edges { node { kind bizStep } } } }
}"""
    + BATCH_FIELDS
)

BATCHES = (
    """
query Batches($first: Int!, $status: BatchStatusEnum, $sellerId: ID) {
  batches(first: $first, status: $status, sellerId: $sellerId) {
    totalCount
    edges { node { ...BatchFields certificates { id } } }
  }
}"""
    + BATCH_FIELDS
)

STAMP_JOB = """
query Job($id: ID!) {
  stampJob(id: $id) { id requested done state progress stampCounts { generated printed activated voided } }
}"""

EPCIS = "query Epcis($id: ID!) { batchEpcisDocument(id: $id) }"

VERIFY = """
query Verify($uri: String!) {
  verifyStamp(uri: $uri) {
    verdict message isWarning productName producerName serial lotCode
    items { key label values display }
    timeline { kind label }
    scanCount firstScanAt firstScanProvince recallReason
  }
}"""
