// The example workspace is linted, not run: these declarations stand in for the packages it
// imports so that the editor's TypeScript checker does not complain about missing modules.
declare module 'googleapis';
declare module '@google-apps/chat';
declare module '@alicloud/dingtalk/yida_1_0';
declare module '@alicloud/openapi-client';
declare module '@alicloud/tea-util';
declare module 'axios';
declare module 'node-cron';
declare module 'node-fetch';
