/**
 * The parts of Huawei's SDK core the live check uses. The package has no
 * `exports` map; its generated service clients deep-import these files the
 * same way. Loaded lazily by client.ts, never by the offline checker.
 */
export { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient';
export { DefaultHttpClient } from '@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient';
export { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials';
export { GlobalCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/GlobalCredentials';
