import { EmbeddedJobQueue } from '../src/index.js';
import { describeJobQueueContract, testJobs } from './queue-contract.js';

describeJobQueueContract('embedded in-process scheduler', async () => new EmbeddedJobQueue(testJobs));
